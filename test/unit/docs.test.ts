/** README, package.json contributions and the code stay in step. */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { ALL_RULES as RULES, SETTING_RULE_IDS } from '../../src/core/rules';
import { ruleHelpUri } from '../../src/core/sarif';
import { USAGE_RULE_INFOS } from '../../src/core/leastPrivilege/analysis';
import { ROOT } from './helpers';

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('documentation', () => {
  it('the README documents every rule with its default severity, in a row holding the anchor SARIF links to', () => {
    for (const r of [...RULES, ...USAGE_RULE_INFOS]) {
      const row = readme.split('\n').find((l) => l.startsWith(`| <a id="rule-${r.id}"></a>\`${r.id}\` |`));
      assert.ok(row, `README rules table lacks ${r.id} (with its anchor <a id="rule-${r.id}"></a>)`);
      assert.ok(row.includes(r.defaultSeverity), `${r.id}: default ${r.defaultSeverity} not in its README row`);
      const fragment = new URL(ruleHelpUri(r.id)).hash.slice(1);
      assert.strictEqual(readme.split(`<a id="${fragment}"></a>`).length, 2, `exactly one README anchor ${fragment}`);
    }
  });

  it('the README lists every contributed command and setting, and the settings schema knows every rule', () => {
    const hidden = new Set((pkg.contributes.menus?.commandPalette ?? []).filter((m: { when?: string }) => m.when === 'false').map((m: { command: string }) => m.command));
    for (const c of pkg.contributes.commands) {
      // Palette commands by their full title; context-only commands (hidden from the palette) by name.
      const ok = hidden.has(c.command) ? readme.includes(c.title) : readme.includes(`**${c.category}: ${c.title}**`);
      assert.ok(ok, `README lacks command ${c.title}`);
    }
    const props = pkg.contributes.configuration.properties;
    for (const key of Object.keys(props)) assert.ok(readme.includes(`\`${key}\``), `README lacks setting ${key}`);
    assert.deepStrictEqual(Object.keys(props['graphPermissionLens.rules'].properties).sort(), [...SETTING_RULE_IDS].sort());
    for (const id of SETTING_RULE_IDS) assert.ok(readme.includes(`\`${id}\``), `README lacks rule ${id}`);
  });

  it('the manifest JSON schema is contributed, packaged, and leaves the permission values to the extension', () => {
    const [v] = pkg.contributes.jsonValidation;
    assert.deepStrictEqual(v.fileMatch, ['aad.manifest.json', 'aad.manifest.*.json', '*.manifest.json', '*-manifest.json', '*_manifest.json']);
    const schemaPath = path.join(ROOT, v.url);
    const schema = JSON.parse(fs.readFileSync(schemaPath, 'utf8'));
    // Nothing required of the document itself: another tool's file under one of these names (an array, say) gets no warning.
    assert.strictEqual(schema.type, undefined);
    assert.strictEqual(schema.required, undefined);
    const entry = schema.properties.requiredResourceAccess.items.properties.resourceAccess.items.properties;
    // No enum, default or examples on the values: VS Code's JSON features would offer them beside ours (a second "Role").
    for (const k of ['id', 'type']) assert.deepStrictEqual(entry[k], { type: 'string' }, k);
    assert.deepStrictEqual(schema.properties.requiredResourceAccess.items.properties.resourceAppId, { type: 'string' });
    assert.ok(fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split('\n').includes(`!${v.url.replace(/^\.\//, '')}`), 'the schema is in the package');
    for (const p of v.fileMatch) assert.ok(readme.includes(`\`${p}\``), `README names ${p}`);
  });

  it('activation is lazy and the workspace capabilities are declared', () => {
    assert.ok(!pkg.activationEvents.includes('*'));
    // Supported in Restricted Mode, with the size limit out of a workspace's reach (it bounds the work on the extension host).
    assert.strictEqual(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(pkg.capabilities.untrustedWorkspaces.description);
    assert.deepStrictEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['graphPermissionLens.maxFileSizeKB']);
    const size = pkg.contributes.configuration.properties['graphPermissionLens.maxFileSizeKB'];
    assert.strictEqual(size.maximum, 20480, 'maxFileSizeKB has a sane maximum');
    assert.ok(size.default <= size.maximum);
    assert.strictEqual(pkg.capabilities.virtualWorkspaces, true);
    for (const c of pkg.contributes.commands) assert.strictEqual(c.category, 'Graph Permissions');
  });
});
