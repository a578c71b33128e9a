import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { DEFAULT_RISK_THRESHOLD, estimatePrivilegeLevel, parseRiskThreshold, riskBand, riskOfPermission, riskOfReference, riskScore, TIER_ZERO } from '../../src/core/permissions/risk';
import { DEFAULT_SETTINGS, rawFromObject, readSettings } from '../../src/core/service/settings';
import { HIGH_PRIVILEGE } from '../../src/core/rules/data/privilege';
import type { PermissionKind } from '../../src/core/store/storeData';
import { bundledStore, SHARED_UPSTREAM } from './helpers';

describe('risk score (src/core/permissions/risk.ts)', () => {
  it('combines privilege level, admin consent and kind as documented', () => {
    // 1.5 × level + 1.0 consent + 1.0 Application
    assert.strictEqual(riskScore({ name: 'User.Read', kind: 'Delegated', privilegeLevel: 2, adminConsentRequired: false }).score, 3.0);
    assert.strictEqual(riskScore({ name: 'User.Read.All', kind: 'Delegated', privilegeLevel: 3, adminConsentRequired: true }).score, 5.5);
    assert.strictEqual(riskScore({ name: 'User.Read.All', kind: 'Application', privilegeLevel: 3, adminConsentRequired: true }).score, 6.5);
    assert.strictEqual(riskScore({ name: 'Chat.Read.All', kind: 'Application', privilegeLevel: 4, adminConsentRequired: true }).score, 8.0);
    // Level 4 delegated with admin consent reaches "high"; level 3 Application does not (Application weighs less than a level).
    assert.strictEqual(riskScore({ name: 'GroupMember.ReadWrite.All', kind: 'Delegated', privilegeLevel: 4, adminConsentRequired: true }).score, 7.0);
    assert.strictEqual(riskScore({ name: 'openid', kind: 'Delegated', privilegeLevel: 1, adminConsentRequired: false }).score, 1.5);
  });

  it('Tier 0: 10.0 as Application, 9.0 as Delegated where listed, nothing extra where not', () => {
    const app = riskScore({ name: 'AppRoleAssignment.ReadWrite.All', kind: 'Application', privilegeLevel: 4, adminConsentRequired: true });
    assert.strictEqual(app.score, 10);
    assert.strictEqual(app.band, 'critical');
    assert.match(app.factors.join(), /Tier 0/);
    assert.strictEqual(riskScore({ name: 'roleManagement.readWrite.directory', kind: 'Delegated', privilegeLevel: 4, adminConsentRequired: true }).score, 9);
    // Directory.ReadWrite.All is Tier 0 as Application only.
    const dirDelegated = riskScore({ name: 'Directory.ReadWrite.All', kind: 'Delegated', privilegeLevel: 4, adminConsentRequired: true });
    assert.strictEqual(dirDelegated.score, 7.0);
    assert.strictEqual(dirDelegated.tierZero, undefined);
    assert.strictEqual(riskScore({ name: 'Directory.ReadWrite.All', kind: 'Application', privilegeLevel: 4, adminConsentRequired: true }).score, 10);
  });

  it('every Tier 0 entry has a reason and a source, and the high-privilege list scores at least high', () => {
    for (const e of TIER_ZERO) {
      assert.ok(e.reason.length > 20 && e.source.length > 3 && e.kinds.length, e.name);
      for (const k of e.kinds) assert.ok(riskScore({ name: e.name, kind: k, adminConsentRequired: true }).score >= 9, e.name);
    }
    for (const e of HIGH_PRIVILEGE) {
      for (const k of e.kinds) assert.ok(riskScore({ name: e.name, kind: k, privilegeLevel: 1, adminConsentRequired: false }).score >= 7, `${e.name} ${k}`);
    }
  });

  it('without a privilege level, estimates it from the name and says so', () => {
    const r = riskScore({ name: 'Mail.Send', kind: 'Application', adminConsentRequired: true });
    assert.strictEqual(r.levelSource, 'estimated');
    assert.strictEqual(r.level, 3);
    assert.match(r.factors[0], /estimated/);
    assert.strictEqual(estimatePrivilegeLevel('openid', 'Delegated'), 1);
    assert.strictEqual(estimatePrivilegeLevel('User.Read', 'Delegated'), 2);
    assert.strictEqual(estimatePrivilegeLevel('Sites.FullControl.All', 'Application'), 3);
    assert.strictEqual(estimatePrivilegeLevel('Sites.FullControl.All', 'Delegated'), 3);
    // Out-of-range levels are not trusted.
    assert.strictEqual(riskScore({ name: 'User.Read', kind: 'Delegated', privilegeLevel: 9, adminConsentRequired: false }).levelSource, 'estimated');
  });

  it('bands follow GitHub security-severity: critical ≥ 9, high ≥ 7, medium ≥ 4, low > 0', () => {
    assert.deepStrictEqual([10, 9, 8.9, 7, 6.9, 4, 3.9, 0.1, 0].map(riskBand), ['critical', 'critical', 'high', 'high', 'medium', 'medium', 'low', 'low', 'none']);
  });

  it('a reference without a kind takes the higher of its kinds', () => {
    const m = bundledStore().byName('Mail.Send')!;
    assert.strictEqual(riskOfReference('Unknown', m)?.score, riskOfReference('Application', m)?.score);
    assert.ok(riskOfReference('Delegated', m)!.score < riskOfReference('Application', m)!.score);
  });

  it('a listed GUID scores as the permission it is, whatever name the metadata gives it', () => {
    const honest = riskOfPermission({ id: '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', value: 'RoleManagement.ReadWrite.Directory', kind: 'Application', privilegeLevel: 1, adminConsentRequired: false });
    const relabelled = riskOfPermission({ id: '9e3f62cf-ca93-4989-b6ce-bf83c28f9fe8', value: 'User.Read.Harmless', kind: 'Application', privilegeLevel: 1, adminConsentRequired: false });
    assert.strictEqual(honest.score, 10);
    assert.strictEqual(relabelled.score, 10);
    assert.strictEqual(riskOfPermission({ value: 'User.Read.Harmless', kind: 'Application', privilegeLevel: 1, adminConsentRequired: false }).score, 2.5);
  });

  describe('the risk threshold (setting, --risk-threshold, Action input)', () => {
    it('accepts numbers and decimal strings from 0.0 to 10.0, boundaries included', () => {
      assert.strictEqual(DEFAULT_RISK_THRESHOLD, 7);
      for (const [raw, v] of [[0, 0], [10, 10], [7.5, 7.5], ['8', 8], [' 9.5 ', 9.5], ['0.0', 0], ['10', 10], [undefined, 7], [null, 7]] as [unknown, number][]) {
        assert.deepStrictEqual(parseRiskThreshold(raw, 'x'), { value: v }, String(raw));
      }
    });
    it('rejects anything else with a sentence naming the setting, the range and the value, and falls back to 7.0', () => {
      const cases: [unknown, RegExp][] = [
        [-0.1, /^x must be from 0\.0 to 10\.0 \(risk scores run from 0\.0 to 10\.0\), not -0\.1; using 7\.0$/],
        [10.5, /^x must be from 0\.0 to 10\.0 .*not 10\.5; using 7\.0$/],
        ['11', /not '11'; using 7\.0$/],
        ['high', /^x must be a number from 0\.0 to 10\.0, not 'high'; using 7\.0$/],
        ['', /not ''; using/],
        ['7,5', /not '7,5'/],
        ['0x7', /not '0x7'/],
        ['1e1', /not '1e1'/],
        [Number.NaN, /not NaN/],
        [Number.POSITIVE_INFINITY, /not Infinity/],
        [true, /not true/],
        [{ value: 8 }, /not \{"value":8\}/],
        [[8], /not \[8\]/],
      ];
      for (const [raw, re] of cases) {
        const r = parseRiskThreshold(raw, 'x');
        assert.strictEqual(r.value, 7, String(raw));
        assert.match(r.problem ?? '', re, String(raw));
      }
    });
    it('the settings model reads graphPermissionLens.highPrivilege.riskThreshold (nested or flat) and reports a bad value', () => {
      assert.strictEqual(DEFAULT_SETTINGS.riskThreshold, 7);
      assert.strictEqual(readSettings(rawFromObject({ highPrivilege: { riskThreshold: 9 } })).riskThreshold, 9);
      assert.strictEqual(readSettings(rawFromObject({ 'highPrivilege.riskThreshold': 8.5 })).riskThreshold, 8.5);
      const bad = readSettings(rawFromObject({ highPrivilege: { riskThreshold: 'very' } }));
      assert.strictEqual(bad.riskThreshold, 7);
      assert.deepStrictEqual(bad.settingProblems, ["graphPermissionLens.highPrivilege.riskThreshold must be a number from 0.0 to 10.0, not 'very'; using 7.0"]);
      assert.deepStrictEqual(readSettings(rawFromObject({})).settingProblems, []);
    });
  });

  it('stays within 0–10 with one decimal for every bundled permission', () => {
    for (const p of bundledStore().permissions()) {
      const r = riskScore({ name: p.value, kind: p.kind, privilegeLevel: p.privilegeLevel, adminConsentRequired: p.adminConsentRequired });
      assert.ok(r.score >= 0 && r.score <= 10 && Math.round(r.score * 10) === r.score * 10, `${p.value}: ${r.score}`);
    }
  });

  describe('the name estimate against the upstream privilege levels (../shared/upstream)', () => {
    const file = path.join(SHARED_UPSTREAM, 'devx-permissions.json');
    it('agrees with upstream for most permissions, and is never off by more than one level for most of the rest', function () {
      if (!fs.existsSync(file)) {
        console.log(`    (skipped: the upstream permissions file is not in ${SHARED_UPSTREAM})`);
        this.skip();
      }
      const data = JSON.parse(fs.readFileSync(file, 'utf8')) as { permissions: Record<string, { schemes: Record<string, { privilegeLevel?: number }> }> };
      let total = 0;
      let exact = 0;
      let within1 = 0;
      for (const [name, e] of Object.entries(data.permissions)) {
        for (const [scheme, v] of Object.entries(e.schemes)) {
          if (typeof v.privilegeLevel !== 'number') continue;
          const kind: PermissionKind = scheme === 'Application' ? 'Application' : 'Delegated';
          const est = estimatePrivilegeLevel(name, kind);
          total++;
          if (est === v.privilegeLevel) exact++;
          if (Math.abs(est - v.privilegeLevel) <= 1) within1++;
        }
      }
      console.log(`    name estimate vs upstream level: ${exact}/${total} exact (${((100 * exact) / total).toFixed(1)}%), ${within1}/${total} within one level`);
      assert.ok(total > 1000);
      assert.ok(exact / total >= 0.75, `exact ${exact}/${total}`);
      assert.ok(within1 / total >= 0.98, `within one ${within1}/${total}`);
    });
  });
});
