/**
 * Generated benchmark inputs (deterministic: a seeded PRNG, so every run measures the same text).
 * Nothing here is committed: the benchmark writes what it needs into a temporary folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Permission, PermissionStore } from '../../src/core/store/store';

export const GRAPH = '00000003-0000-0000-c000-000000000000';
export const SHAREPOINT = '00000003-0000-0ff1-ce00-000000000000';

/** mulberry32: small, fast, good enough for test data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Gen {
  readonly r: () => number;
  constructor(seed: number) {
    this.r = rng(seed);
  }
  int(n: number): number {
    return Math.floor(this.r() * n);
  }
  pick<T>(a: readonly T[]): T {
    return a[this.int(a.length)];
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  hex(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += '0123456789abcdef'[this.int(16)];
    return s;
  }
  guid(): string {
    return `${this.hex(8)}-${this.hex(4)}-${this.hex(4)}-${this.hex(4)}-${this.hex(12)}`;
  }
  word(min = 3, max = 10): string {
    const n = min + this.int(max - min + 1);
    let s = '';
    for (let i = 0; i < n; i++) s += 'abcdefghijklmnopqrstuvwxyz'[this.int(26)];
    return s;
  }
  sentence(words: number): string {
    return Array.from({ length: words }, () => this.word()).join(' ');
  }
}

/** A near miss of a permission name: one edit (typo, dropped dot, swapped letters, wrong casing). */
export function mangle(g: Gen, name: string): string {
  const i = 1 + g.int(Math.max(1, name.length - 2));
  switch (g.int(4)) {
    case 0:
      return name.slice(0, i) + name.slice(i + 1); // deletion
    case 1:
      return name.slice(0, i) + name[i + 1 < name.length ? i + 1 : i] + name[i] + name.slice(i + 2); // transposition
    case 2:
      return name.slice(0, i) + 'x' + name.slice(i); // insertion
    default:
      return name.toLowerCase(); // casing
  }
}

function permsOf(store: PermissionStore, appId: string): Permission[] {
  return store.permissions().filter((p) => p.resourceAppId === appId);
}

function typeOf(p: Permission): 'Role' | 'Scope' {
  return p.kind === 'Application' ? 'Role' : 'Scope';
}

/**
 * An Entra app manifest (Microsoft Graph shape) of at least `minLines` lines: app properties, its own
 * scopes and roles (traps), credentials (traps), and `requiredResourceAccess` blocks for Graph,
 * SharePoint and third-party APIs with thousands of entries, some of them wrong.
 */
export function entraManifest(store: PermissionStore, minLines = 20000, seed = 1): string {
  const g = new Gen(seed);
  const graph = permsOf(store, GRAPH);
  const sp = permsOf(store, SHAREPOINT);
  const own = (n: number) =>
    Array.from({ length: n }, () => ({
      adminConsentDescription: g.sentence(8),
      adminConsentDisplayName: g.sentence(3),
      id: g.guid(),
      isEnabled: true,
      type: g.pick(['User', 'Admin']),
      userConsentDescription: g.sentence(8),
      userConsentDisplayName: g.sentence(3),
      value: g.pick(['User.Read', 'Files.Read', 'access_as_user', 'Tasks.ReadWrite']),
    }));
  const manifest: Record<string, unknown> = {
    id: g.guid(),
    appId: g.guid(),
    displayName: 'Benchmark app',
    signInAudience: 'AzureADMyOrg',
    publisherDomain: 'contoso.onmicrosoft.com',
    identifierUris: [`api://${g.guid()}`],
    api: { oauth2PermissionScopes: own(40), preAuthorizedApplications: [{ appId: g.guid(), delegatedPermissionIds: [g.guid(), g.guid()] }] },
    appRoles: own(40).map((r) => ({ ...r, allowedMemberTypes: ['Application'] })),
    keyCredentials: Array.from({ length: 20 }, () => ({ keyId: g.guid(), type: 'AsymmetricX509Cert', usage: 'Verify' })),
    web: { redirectUris: ['https://localhost:3000/auth', 'https://contoso.example/signin'] },
    tags: ['benchmark', 'User.Read', 'Mail.Send'],
    requiredResourceAccess: [] as unknown[],
  };
  const blocks = manifest.requiredResourceAccess as unknown[];
  let lines = JSON.stringify(manifest, null, 2).split('\n').length;
  let blockNo = 0;
  while (lines < minLines) {
    const kind = blockNo++ % 6;
    const appId = kind === 4 ? SHAREPOINT : kind === 5 ? g.guid() : GRAPH;
    const pool = appId === SHAREPOINT ? sp : graph;
    const entries: { id: string; type: string }[] = [];
    const n = 150 + g.int(150);
    for (let i = 0; i < n; i++) {
      const p = g.pick(pool);
      const roll = g.r();
      if (appId !== GRAPH && appId !== SHAREPOINT) entries.push({ id: g.guid(), type: g.pick(['Role', 'Scope']) });
      else if (roll < 0.8) entries.push({ id: p.id, type: typeOf(p) });
      else if (roll < 0.88) entries.push({ id: p.id, type: typeOf(p) === 'Role' ? 'Scope' : 'Role' }); // type mismatch
      else if (roll < 0.94) entries.push({ id: g.guid(), type: 'Role' }); // unknown GUID
      else entries.push({ id: g.pick(graph).id, type: 'Scope' }); // maybe wrong resource app
    }
    blocks.push({ resourceAppId: appId, resourceAccess: entries });
    lines += 4 + entries.length * 4;
  }
  return JSON.stringify(manifest, null, 2) + '\n';
}

/**
 * About `targetChars` of JSON with thousands of references (tens of thousands at density 0.4) and traps: Entra and Teams Toolkit
 * shapes (GUIDs and names, wrong types, typos, duplicates, wrong resource apps), scope strings and
 * lists, Graph resource URIs, tenant / object ids, GUID-shaped noise, escaped strings, long strings,
 * deep nesting and JSONC comments.
 */
export function hugeJson(store: PermissionStore, targetChars = 5_000_000, density = 0.1, seed = 2): string {
  const g = new Gen(seed);
  const graph = permsOf(store, GRAPH);
  const sp = permsOf(store, SHAREPOINT);
  const parts: string[] = [];
  let size = 0;
  const add = (s: string) => {
    parts.push(s);
    size += s.length + 2;
  };
  const q = (s: string) => JSON.stringify(s);
  // Reference-bearing shapes (0, 1, 2, 8) with probability `density`, traps and filler otherwise.
  const withRefs = [0, 1, 2, 8];
  const traps = [3, 4, 5, 6, 7, 9];
  while (size < targetChars) {
    const p = g.pick(graph);
    switch (g.chance(density) ? g.pick(withRefs) : g.pick(traps)) {
      case 0: {
        // Entra block, GUIDs, with traps.
        const entries: string[] = [];
        for (let i = 0; i < 20; i++) {
          const x = g.pick(graph);
          const roll = g.r();
          const id = roll < 0.1 ? g.guid() : roll < 0.15 ? x.id.slice(0, 30) : roll < 0.2 ? x.id.toUpperCase() : x.id;
          const type = roll > 0.9 ? (typeOf(x) === 'Role' ? 'Scope' : 'Role') : typeOf(x);
          entries.push(`{ "id": ${q(id)}, "type": ${q(type)} }`);
          if (g.chance(0.05)) entries.push(`{ "id": ${q(x.id)}, "type": ${q(typeOf(x))} }`); // duplicate
        }
        add(`{ "resourceAppId": ${q(g.chance(0.9) ? GRAPH : SHAREPOINT)}, "resourceAccess": [\n    ${entries.join(',\n    ')}\n  ] }`);
        break;
      }
      case 1: {
        // Teams Toolkit block, names, typos and wrong casing (the expensive "did you mean" path).
        const entries: string[] = [];
        for (let i = 0; i < 12; i++) {
          const x = g.pick(graph);
          const name = g.chance(0.25) ? mangle(g, x.value) : x.value;
          entries.push(`{ "id": ${q(name)}, "type": ${q(g.chance(0.5) ? 'Scope' : 'Role')} }`);
        }
        add(`{ "resourceAppId": ${q(g.pick(['Microsoft Graph', 'Office 365 SharePoint Online', 'Graph']))}, "resourceAccess": [ ${entries.join(', ')} ] }`);
        break;
      }
      case 2: {
        const names = Array.from({ length: 8 }, () => (g.chance(0.1) ? mangle(g, g.pick(graph).value) : g.pick(graph).value));
        add(`{ "scopes": ${q(names.join(' '))}, "graphScopes": [${names.map((n) => q(`https://graph.microsoft.com/${n}`)).join(', ')}] }`);
        break;
      }
      case 3:
        // Tenant, object, client ids: GUID-shaped but never permissions.
        add(`{ "tenantId": ${q(g.guid())}, "objectId": ${q(g.guid())}, "clientId": ${q(g.guid())}, "etag": ${q(g.hex(32))}, "noise": ${q(`${g.hex(8)}-${g.hex(4)}-${g.hex(3)}-zzzz-${g.hex(12)}`)} }`);
        break;
      case 4:
        add(`{ "description": ${q(g.sentence(30) + ' ' + p.value + ' \\u0041 "quoted" \\n ' + g.sentence(10))}, "note": ${q(p.value)}, "other": ${q(p.id)} }`);
        break;
      case 5:
        add(`{ "blob": ${q(g.hex(3000))} }`); // long string
        break;
      case 6: {
        let s = q(p.value);
        for (let d = 0; d < 60; d++) s = d % 2 ? `[${s}]` : `{ "n${d}": ${s} }`; // nesting
        add(s);
        break;
      }
      case 7:
        add(`// a comment naming ${p.value} and ${p.id}\n  { "api": { "oauth2PermissionScopes": [ { "id": ${q(p.id)}, "value": ${q(p.value)} } ] }, "appRoles": [ { "id": ${q(g.guid())}, "value": "Tasks.Read" } ] }`);
        break;
      case 8:
        add(`{ "resourceAppId": ${q(SHAREPOINT)}, "resourceAccess": [ { "id": ${q(g.pick(sp).id)}, "type": "Scope" }, { "id": ${q(p.id)}, "type": ${q(typeOf(p))} } ] }`);
        break;
      default:
        add(`{ "numbers": [${Array.from({ length: 40 }, () => g.int(100000)).join(', ')}], "flag": true, "nothing": null, "text": ${q(g.sentence(12))} }`);
    }
  }
  return `[\n  ${parts.join(',\n  ')}\n]\n`;
}

export interface WorkspaceStats {
  files: number;
  bytes: number;
}

/**
 * `count` files of a typical repository mix under `dir`: manifests and settings (JSON), source
 * code, Markdown, YAML, infrastructure files, scripts, and a few binary files.
 */
export function writeWorkspace(dir: string, store: PermissionStore, count = 5000, seed = 3): WorkspaceStats {
  const g = new Gen(seed);
  const graph = permsOf(store, GRAPH);
  let bytes = 0;
  const kinds: { ext: string; make: () => string | Buffer }[] = [
    {
      ext: 'json',
      make: () =>
        JSON.stringify(
          {
            appId: g.guid(),
            requiredResourceAccess: [{ resourceAppId: GRAPH, resourceAccess: Array.from({ length: 2 + g.int(15) }, () => { const p = g.pick(graph); return { id: p.id, type: typeOf(p) }; }) }],
          },
          null,
          2,
        ),
    },
    { ext: 'json', make: () => JSON.stringify({ AzureAd: { TenantId: g.guid(), ClientId: g.guid(), Scopes: `${g.pick(graph).value} ${g.pick(graph).value}` }, Logging: { LogLevel: { Default: 'Information' } } }, null, 2) },
    { ext: 'json', make: () => JSON.stringify({ name: g.word(), version: '1.0.0', dependencies: Object.fromEntries(Array.from({ length: 20 }, () => [g.word(), `^${g.int(9)}.${g.int(20)}.0`])) }, null, 2) },
    { ext: 'ts', make: () => Array.from({ length: 40 + g.int(200) }, (_, i) => (i % 25 === 0 ? `const scopes = ['${g.pick(graph).value}', 'https://graph.microsoft.com/${g.pick(graph).value}'];` : `export function ${g.word()}(${g.word()}: string): number { return ${g.int(1000)}; }`)).join('\n') },
    { ext: 'cs', make: () => Array.from({ length: 40 + g.int(150) }, (_, i) => (i % 30 === 0 ? `var scopes = new[] { "${g.pick(graph).value}" };` : `    public int ${g.word()} { get; set; } // ${g.sentence(4)}`)).join('\n') },
    { ext: 'py', make: () => Array.from({ length: 30 + g.int(150) }, (_, i) => (i % 30 === 0 ? `SCOPES = ["https://graph.microsoft.com/${g.pick(graph).value}"]` : `def ${g.word()}(x):\n    return x + ${g.int(100)}`)).join('\n') },
    { ext: 'md', make: () => Array.from({ length: 20 + g.int(80) }, () => `${g.sentence(12)} \`${g.pick(graph).value}\``).join('\n\n') },
    { ext: 'yaml', make: () => Array.from({ length: 20 + g.int(60) }, (_, i) => (i % 10 === 0 ? `scopes: ${g.pick(graph).value} ${g.pick(graph).value}` : `${g.word()}: ${g.word()}`)).join('\n') },
    { ext: 'bicep', make: () => `resource app 'Microsoft.Graph/applications@v1.0' = {\n  requiredResourceAccess: [\n    {\n      resourceAppId: '${GRAPH}'\n      resourceAccess: [\n        { id: '${g.pick(graph).id}', type: 'Role' }\n      ]\n    }\n  ]\n}\n` },
    { ext: 'tf', make: () => `resource "azuread_application" "a" {\n  required_resource_access {\n    resource_app_id = "${GRAPH}"\n    resource_access {\n      id   = "${g.pick(graph).id}"\n      type = "Scope"\n    }\n  }\n}\n` },
    { ext: 'ps1', make: () => `Connect-MgGraph -Scopes "${g.pick(graph).value}","${g.pick(graph).value}"\nGet-MgUser -All\n` },
    { ext: 'http', make: () => `GET https://graph.microsoft.com/v1.0/me\nAuthorization: Bearer {{token}}\n` },
    { ext: 'sh', make: () => `#!/bin/sh\naz ad app permission add --id ${g.guid()} --api ${GRAPH} --api-permissions ${g.pick(graph).id}=Role\n` },
    { ext: 'txt', make: () => g.sentence(200) },
    {
      ext: 'png',
      make: () => {
        const b = Buffer.alloc(2048 + g.int(20000));
        for (let i = 0; i < b.length; i++) b[i] = g.int(256);
        b[10] = 0;
        return b;
      },
    },
  ];
  for (let i = 0; i < count; i++) {
    const sub = path.join(dir, `pkg${i % 50}`, `dir${i % 7}`);
    if (i < 350) fs.mkdirSync(sub, { recursive: true });
    // JSON is over-represented (the extension's main format); the rest evenly.
    const k = g.chance(0.35) ? kinds[g.int(3)] : kinds[3 + g.int(kinds.length - 3)];
    const content = k.make();
    fs.writeFileSync(path.join(sub, `f${i}.${k.ext}`), content);
    bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.length;
  }
  return { files: count, bytes };
}

/** Every file under `dir` (recursive, sorted). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}
