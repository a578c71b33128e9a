// Helpers shared by the integration suites (not a test file: index.ts loads only *.test.js).
import * as assert from 'assert';
import * as vscode from 'vscode';

export const DIAGNOSTIC_SOURCE = 'Graph Permission Lens';
export const TIMEOUT_MS = 20_000;

/** A file of the test workspace (test/fixtures/workspace), optionally under a sub-folder. */
export function workspaceUri(...parts: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the test workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...parts);
}

/** The workbench cancels requests that race with editor changes while it starts up: retry those. */
export async function retryCanceled<T>(fn: () => Thenable<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= 5 || !/cancel/i.test(String(e))) throw e;
    }
  }
}

/** Resolves with the extension's diagnostics of a document once `done` holds for them, by event (no sleeps). */
export function waitForDiagnostics(uri: vscode.Uri, done: (ds: readonly vscode.Diagnostic[]) => boolean): Promise<readonly vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === DIAGNOSTIC_SOURCE);
  return new Promise((resolve, reject) => {
    if (done(ours())) return resolve(ours());
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`diagnostics not as expected within ${TIMEOUT_MS} ms: ${JSON.stringify(ours().map((d) => [d.code, d.message]))}`));
    }, TIMEOUT_MS);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString()) || !done(ours())) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(ours());
    });
  });
}

/** Hover contents as text, with Markdown backslash escapes removed (`Calls\.AccessMedia` renders as `Calls.AccessMedia`). */
export function hoverText(hovers: readonly vscode.Hover[] | undefined): string {
  return (hovers ?? [])
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n---\n')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, '$1');
}
