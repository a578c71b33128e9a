// Hovers and diagnostics in Bicep, Terraform, PowerShell and TypeScript files, inside a real VS Code.
import * as assert from 'assert';
import * as vscode from 'vscode';
import { hoverText, TIMEOUT_MS, waitForDiagnostics, workspaceUri } from './helpers';

const uriOf = (name: string): vscode.Uri => workspaceUri('formats', name);


/** Polls the hover providers at the middle of `needle` until `done` or the timeout. */
async function pollHover(doc: vscode.TextDocument, needle: string, done: (t: string) => boolean): Promise<string> {
  const offset = doc.getText().indexOf(needle);
  assert.ok(offset >= 0, `${needle} not in ${doc.uri.path}`);
  const pos = doc.positionAt(offset + Math.floor(needle.length / 2));
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    let text = '';
    try {
      text = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos));
    } catch (e) {
      if (!/cancel/i.test(String(e))) throw e;
    }
    if (done(text) || Date.now() > deadline) return text;
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(uriOf(name));
  for (let attempt = 1; ; attempt++) {
    try {
      await vscode.window.showTextDocument(doc);
      return doc;
    } catch (e) {
      if (attempt >= 5 || !/cancel/i.test(String(e))) throw e;
    }
  }
}

const CASES: { file: string; language: string; hoverOn: string; hoverHas: string[]; diagnostic: string; noHoverOn?: string }[] = [
  {
    file: 'graph-app.bicep',
    language: 'bicep',
    hoverOn: 'df021288-bdef-4463-88db-98f22de89214',
    hoverHas: ['User.Read.All', 'Application'],
    diagnostic: 'permission-type-mismatch',
  },
  {
    file: 'main.tf',
    language: 'terraform',
    hoverOn: 'RoleManagement.ReadWrite.Directory',
    hoverHas: ['RoleManagement.ReadWrite.Directory', 'Application'],
    diagnostic: 'high-privilege',
    noHoverOn: '3f4c2b9e-8d7a-4e61-9b2c-5a1d0e7f6c38',
  },
  {
    file: 'Connect-Graph.ps1',
    language: 'powershell',
    hoverOn: 'User.Read.All',
    hoverHas: ['User.Read.All', 'Delegated'],
    diagnostic: 'unknown-permission-name',
    noHoverOn: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  },
  {
    file: 'authConfig.ts',
    language: 'typescript',
    hoverOn: 'User.Read',
    hoverHas: ['User.Read', 'Delegated'],
    diagnostic: 'unknown-permission-name',
  },
];

describe('permissions in Bicep, Terraform, PowerShell and TypeScript (real VS Code)', () => {
  before(async () => {
    const ext = vscode.extensions.getExtension('graph-permission-lens.graph-permission-lens');
    assert.ok(ext, 'extension loaded');
    await ext.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const c of CASES) {
    it(`${c.file}: hover and ${c.diagnostic} diagnostic`, async () => {
      const doc = await open(c.file);
      assert.strictEqual(doc.languageId, c.language, `language id of ${c.file}`);
      const text = await pollHover(doc, c.hoverOn, (t) => c.hoverHas.every((h) => t.includes(h)));
      for (const h of c.hoverHas) assert.ok(text.includes(h), `hover on ${c.hoverOn} lacks ${h}: ${JSON.stringify(text)}`);
      const ds = await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.code === c.diagnostic));
      const d = ds.find((x) => x.code === c.diagnostic)!;
      const covered = doc.getText(d.range);
      assert.ok(covered.length > 0 && doc.getText().includes(covered), `diagnostic range: ${covered}`);
      if (c.noHoverOn) {
        const none = await pollHover(doc, c.noHoverOn, () => true);
        assert.ok(!/permission/i.test(none), `unexpected hover on ${c.noHoverOn}: ${none}`);
      }
    });
  }

  it('PowerShell barewords: hover, and high-privilege on a Connect-MgGraph inside a { } block', async () => {
    const doc = await open('Audit-Barewords.ps1');
    const text = await pollHover(doc, 'AuditLog.Read.All', (t) => t.includes('AuditLog.Read.All') && t.includes('Delegated'));
    assert.ok(text.includes('AuditLog.Read.All') && text.includes('Delegated'), `hover on a bareword: ${JSON.stringify(text)}`);
    const ds = await waitForDiagnostics(doc.uri, (d) => d.some((x) => x.code === 'high-privilege' && doc.getText(x.range) === 'Application.ReadWrite.All'));
    const d = ds.find((x) => x.code === 'high-privilege' && doc.getText(x.range) === 'Application.ReadWrite.All')!;
    assert.strictEqual(d.range.start.line, 4, 'the warning sits on the Connect-MgGraph inside the if block');
  });

  it('completes a bareword position after Connect-MgGraph -Scopes', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'powershell', content: 'Connect-MgGraph -NoWelcome -Scopes Directory.Read.All, Mail.Se\n' });
    await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(doc.getText().indexOf('Mail.Se') + 'Mail.Se'.length);
    const deadline = Date.now() + 20_000;
    let labels: string[] = [];
    while (Date.now() < deadline && !labels.includes('Mail.Send')) {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
      labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      if (!labels.includes('Mail.Send')) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(labels.includes('Mail.Send'), `completion offers Mail.Send: ${labels.slice(0, 10).join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('completes delegated permission names in Connect-MgGraph -Scopes (PowerShell)', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'powershell', content: 'Connect-MgGraph -Scopes "User.Read", "Mail.Se"\n' });
    await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(doc.getText().indexOf('Mail.Se') + 'Mail.Se'.length);
    const deadline = Date.now() + 20_000;
    let labels: string[] = [];
    while (Date.now() < deadline && !labels.includes('Mail.Send')) {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, at);
      labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      if (!labels.includes('Mail.Send')) await new Promise((r) => setTimeout(r, 200));
    }
    assert.ok(labels.includes('Mail.Send'), `completion offers Mail.Send: ${labels.slice(0, 10).join(', ')}`);
    assert.ok(!labels.includes('Calls.AccessMedia.All'), 'application-only permissions are not offered for -Scopes');
    // An untitled document with text would ask to be saved when closed: discard it.
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });
});
