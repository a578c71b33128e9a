/* global acquireVsCodeApi, document, window, Element */
// Graph Permission Lens: the permission detail page's script (loaded with the page's nonce).
// Buttons post { type, kind? } to the extension, which does the copying and the searching; the
// permission key is kept in the webview state so that the page is restored after a reload.
(function () {
  'use strict';

  const vscode = acquireVsCodeApi();
  const body = document.body;
  let key;
  try {
    key = JSON.parse(body.getAttribute('data-permission') || 'null');
  } catch {
    key = null;
  }
  if (key) vscode.setState(key);
  const status = document.getElementById('status');
  document.addEventListener('click', (ev) => {
    const t = ev.target instanceof Element ? ev.target.closest('button[data-action]') : null;
    if (!t) return;
    vscode.postMessage({ type: t.getAttribute('data-action'), kind: t.getAttribute('data-kind') || undefined });
  });
  window.addEventListener('message', (ev) => {
    const m = ev.data;
    if (m && m.type === 'status' && status) status.textContent = String(m.text || '');
  });
})();
