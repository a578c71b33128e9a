// What a user sees when completing `type` and `id` values in an Entra app manifest, in a real VS
// Code: our items together with whatever VS Code's built-in JSON language features add. Without a
// schema those add every value the document already has for the same key — `"Role"` beside our
// `Role`, and the manifest's own object id, app id and app role ids as `id` suggestions, sorted
// above ours (a label starting with `"` sorts first). The extension's jsonValidation schema for the
// manifest names (package.json `contributes.jsonValidation`) turns that off.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { retryCanceled, TIMEOUT_MS } from './helpers';

const OBJECT_ID = '74486edb-9af9-4fb4-bddf-48e4608f85b9';
const APP_ID = '9252028d-d71d-4d61-8419-e43938fe7a26';
const ROLE_ID = '97fd9d0c-fc24-4036-ab2a-5a3b1e73fb2d';

/** An Entra app manifest as the portal writes it (own ids, an app role, a scope of type "User"), with a new entry being typed. */
function manifest(idValue: string, typeValue: string): string {
  return `{
  "id": "${OBJECT_ID}",
  "appId": "${APP_ID}",
  "displayName": "First day sample",
  "api": {
    "oauth2PermissionScopes": [
      { "id": "4797c76d-75c6-4fc5-963e-1fefe8457d0b", "isEnabled": true, "type": "User", "value": "Recordings.Read" }
    ]
  },
  "appRoles": [
    { "allowedMemberTypes": ["Application"], "id": "${ROLE_ID}", "isEnabled": true, "value": "Recordings.Upload.All" }
  ],
  "requiredResourceAccess": [
    {
      "resourceAppId": "00000003-0000-0000-c000-000000000000",
      "resourceAccess": [
        { "id": "b633e1c5-b582-4048-a93e-9f11b44c7e96", "type": "Role" },
        { "id": "e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": ${typeValue} },
        { "id": ${idValue}, "type": "Role" }
      ]
    }
  ]
}
`;
}

function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/**
 * The order the suggest widget shows for an empty prefix: VS Code compares `sortText` only when both
 * items have one, else the label, then the kind (src/vs/editor/contrib/suggest/browser/completionModel.ts).
 */
function widgetOrder(items: readonly vscode.CompletionItem[]): vscode.CompletionItem[] {
  return [...items].sort((a, b) => {
    const sa = a.sortText?.toLowerCase();
    const sb = b.sortText?.toLowerCase();
    if (sa && sb && sa !== sb) return sa < sb ? -1 : 1;
    const la = label(a);
    const lb = label(b);
    if (la !== lb) return la < lb ? -1 : 1;
    return (a.kind ?? 0) - (b.kind ?? 0);
  });
}

async function itemsAt(doc: vscode.TextDocument, pos: vscode.Position, done: (items: vscode.CompletionItem[]) => boolean): Promise<vscode.CompletionItem[]> {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
    const items = list?.items ?? [];
    if (done(items) || Date.now() > deadline) return items;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function open(file: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  await retryCanceled(() => vscode.window.showTextDocument(doc));
  return doc;
}

/** Position just after the last occurrence of `needle`. */
function caretAfter(doc: vscode.TextDocument, needle: string): vscode.Position {
  const i = doc.getText().lastIndexOf(needle);
  assert.ok(i >= 0, `${needle} not in ${doc.fileName}`);
  return doc.positionAt(i + needle.length);
}

describe('completion in an Entra app manifest: no duplicates from the JSON language features (real VS Code)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gpl-manifest-completion-'));

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  const cases: { name: string; caret: 'in quotes' | 'bare' }[] = [
    { name: 'contoso-app.manifest.json', caret: 'in quotes' },
    { name: 'aad.manifest.json', caret: 'bare' },
    { name: 'entra-manifest.json', caret: 'in quotes' },
  ];
  for (const c of cases) {
    it(`${c.name} (${c.caret}): one Role for "type", and the permissions — not the file's own GUIDs — first for "id"`, async () => {
      const file = path.join(dir, c.name);
      const quoted = c.caret === 'in quotes';
      fs.writeFileSync(file, manifest(quoted ? '""' : '', quoted ? '""' : ''));
      const doc = await open(file);
      // The caret inside "" or right after `: `.
      const typePos = quoted ? caretAfter(doc, '"e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": "') : caretAfter(doc, '"e1fe6dd8-ba31-4d61-89e7-88639da4683d", "type": ');
      const idPos = quoted ? caretAfter(doc, '{ "id": "') : caretAfter(doc, '{ "id": ');
      // The new entry's id (the last entry), not the scope's or another permission's.
      assert.ok(doc.lineAt(idPos.line).text.includes('"type": "Role"') && doc.lineAt(idPos.line).text.trim().startsWith('{ "id": ') && !doc.lineAt(idPos.line).text.includes('b633e1c5'), doc.lineAt(idPos.line).text);

      const types = widgetOrder(await itemsAt(doc, typePos, (its) => its.some((i) => label(i) === 'Scope' && /permission/i.test(i.detail ?? ''))));
      const typeLabels = types.map(label);
      console.log(`      type items (${c.name}): ${typeLabels.join(' | ')}`);
      assert.strictEqual(typeLabels.filter((l) => l.replace(/"/g, '') === 'Role').length, 1, `one Role: ${typeLabels.join(' | ')}`);
      assert.strictEqual(typeLabels.filter((l) => l.replace(/"/g, '') === 'Scope').length, 1, `one Scope: ${typeLabels.join(' | ')}`);
      assert.ok(!typeLabels.some((l) => l.replace(/"/g, '') === 'User'), `the scopes' "User" type is not a resourceAccess type: ${typeLabels.join(' | ')}`);
      assert.deepStrictEqual(typeLabels.slice(0, 2), ['Scope', 'Role'], 'ours first: User.Read is delegated, Scope first');

      const ids = widgetOrder(await itemsAt(doc, idPos, (its) => its.some((i) => / \(Application\)$/.test(label(i)))));
      console.log(`      id items (${c.name}): ${ids.length}, first: ${ids.slice(0, 4).map(label).join(' | ')}`);
      const own = [OBJECT_ID, APP_ID, ROLE_ID, '4797c76d-75c6-4fc5-963e-1fefe8457d0b', 'b633e1c5-b582-4048-a93e-9f11b44c7e96'];
      assert.deepStrictEqual(ids.filter((i) => own.some((g) => label(i).includes(g))).map(label), [], 'no GUID of the file itself is suggested');
      assert.ok(ids.length > 200, `${ids.length} items`);
      assert.ok(ids.slice(0, 10).every((i) => / \(Application\)$/.test(label(i))), `the first items are Application permissions: ${ids.slice(0, 10).map(label).join(' | ')}`);
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    });
  }
});
