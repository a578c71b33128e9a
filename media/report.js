/* global acquireVsCodeApi, document, window, Element */
// Graph Permission Lens: the least-privilege report page's script (loaded with the page's nonce).
// Links and buttons post their data-* attributes to the extension, which opens files, applies fixes
// and exports; nothing from the page is executed.
(function () {
  'use strict';

  const vscode = acquireVsCodeApi();
  const status = document.getElementById('status');
  document.addEventListener('click', (ev) => {
    const t = ev.target instanceof Element ? ev.target.closest('[data-action]') : null;
    if (!t) return;
    ev.preventDefault();
    const d = t.dataset;
    vscode.postMessage({
      type: d.action,
      app: d.app !== undefined ? Number(d.app) : undefined,
      file: d.file,
      line: d.line !== undefined ? Number(d.line) : undefined,
      column: d.column !== undefined ? Number(d.column) : undefined,
      finding: d.finding !== undefined ? Number(d.finding) : undefined,
      fix: d.fix !== undefined ? Number(d.fix) : undefined,
      key: d.key,
      title: d.title,
    });
  });
  window.addEventListener('message', (ev) => {
    const m = ev.data;
    if (m && m.type === 'status' && status) status.textContent = String(m.text || '');
  });
})();
