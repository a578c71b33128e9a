import * as assert from 'assert';
import type { DocumentFormat } from '../../src/core/analyze';
import { scopeCompletionsAt } from '../../src/core/permissions/scopeCompletion';
import { bundledStore } from './helpers';

const store = bundledStore();

/** Completes at `|`; returns the replaced text, the kinds offered and whether a name is among them. */
function complete(format: DocumentFormat, withCaret: string, expect?: string) {
  const offset = withCaret.indexOf('|');
  const text = withCaret.replace('|', '');
  const r = scopeCompletionsAt(text, offset, format, store);
  if (!r) return undefined;
  const kinds = new Set(r.items.map((i) => i.detail?.split(' — ')[0]));
  return { replaced: text.slice(r.replaceStart, r.replaceEnd), kinds: [...kinds].sort(), has: expect ? r.items.some((i) => i.insertText.replace(/["']$/, '') === expect) : undefined };
}

describe('scope-name completion in every format (probing the scanners)', () => {
  it('Connect-MgGraph -Scopes offers delegated names, replacing the word typed so far', () => {
    assert.deepStrictEqual(complete('powershell', 'Connect-MgGraph -Scopes "User.Read", "Mail.Se|"', 'Mail.Send'), { replaced: 'Mail.Se"', kinds: ['Delegated'], has: true });
  });

  it('Terraform app_role_ids offers application names only', () => {
    const r = complete('terraform', 'resource "x" "y" {\n  app_role_id = data.azuread_service_principal.msgraph.app_role_ids["Mail.|"]\n}\n', 'Calls.AccessMedia.All');
    assert.deepStrictEqual(r, { replaced: 'Mail."', kinds: ['Application'], has: true });
  });

  it('MSAL scope arrays, YAML scope lists and .http token requests', () => {
    assert.strictEqual(complete('javascript', 'const request = { scopes: ["User.Read", "|"] };', 'Mail.Read')?.has, true);
    assert.strictEqual(complete('yaml', 'graphScopes:\n  - User.Read\n  - Ma|\n', 'Mail.Read')?.replaced, 'Ma');
    assert.strictEqual(complete('http', 'POST https://login.microsoftonline.com/t/oauth2/v2.0/token\n\nscope=openid%20Us|&grant_type=authorization_code', 'User.Read')?.replaced, 'Us');
  });

  it('leaves the caret after the closing quote of a quoted name, so `, "` starts the next string', () => {
    const cases: [DocumentFormat, string, string, string][] = [
      ['powershell', 'Connect-MgGraph -Scopes "User.Read", "Mail.Se|"', 'Mail.Send', 'Connect-MgGraph -Scopes "User.Read", "Mail.Send"|'],
      ['javascript', "const request = { scopes: ['User.Read', 'Ma|'] };", 'Mail.Read', "const request = { scopes: ['User.Read', 'Mail.Read'|] };"],
      ['javascript', 'const request = { scopes: ["User.Read", "|"] };', 'Mail.Read', 'const request = { scopes: ["User.Read", "Mail.Read"|] };'],
      // several scopes in one string: the next one goes inside the same quotes
      ['http', 'POST https://login.microsoftonline.com/t/oauth2/v2.0/token\n\nscope=openid%20Us|&grant_type=x', 'User.Read', 'POST https://login.microsoftonline.com/t/oauth2/v2.0/token\n\nscope=openid%20User.Read|&grant_type=x'],
    ];
    for (const [format, withCaret, name, expected] of cases) {
      const offset = withCaret.indexOf('|');
      const text = withCaret.replace('|', '');
      const r = scopeCompletionsAt(text, offset, format, store);
      assert.ok(r, `${format}: no completion`);
      const item = r.items.find((i) => i.label === name);
      assert.ok(item, `${format}: no ${name}`);
      const applied = text.slice(0, r.replaceStart) + item.insertText;
      assert.strictEqual(`${applied}|${text.slice(r.replaceEnd)}`, expected, format);
    }
  });

  it('offers nothing in strings that are not permission positions, nor in JSON (which has its own)', () => {
    assert.strictEqual(complete('python', 'greeting = "hello |"'), undefined);
    assert.strictEqual(complete('markdown', 'Use the | permission'), undefined);
    assert.strictEqual(complete('json', '{"scopes": ["|"]}'), undefined);
  });
});
