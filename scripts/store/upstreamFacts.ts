/**
 * The upstream part of the bundled store: the FACTS of microsoft-graph-devx-content's
 * `permissions.json` and `provisioningInfo.json` merged over the teamsfx-core records, through the
 * same importer as Update Metadata (src/core/upstream/importer.ts), then stripped of every upstream
 * sentence. Pure: texts in, data out.
 *
 * Kept from upstream: names, GUIDs (public Microsoft Graph deployments), kinds (DelegatedWork and
 * DelegatedPersonal → Delegated, Application), admin consent, privilege level of the kind's scheme,
 * hidden / enabled, the DelegatedPersonal scheme as a flag, and every pathSet (data/paths.json).
 * Sentences (display texts, descriptions) come only from teamsfx-core, for the same GUID, kind and
 * name; a permission teamsfx-core does not have gets none (the extension then says that Microsoft's
 * description comes with Update Metadata).
 */
import { encodePathData } from '../../src/core/store/pathData';
import { GRAPH_APP_ID } from '../../src/core/permissions/guid';
import { STORE_FORMAT } from '../../src/core/store/storeData';
import type { PathSetRecord, PathsStoreFile, PermissionRecord, PermissionStoreFile, ResourceAppData } from '../../src/core/store/storeData';
import { importUpstream, parsePermissionsJson } from '../../src/core/upstream/importer';

export interface UpstreamSnapshot {
  commit: string;
  /** YYYY-MM-DD */
  date: string;
}

export interface UpstreamFacts {
  resourceApps: ResourceAppData[];
  counts: Record<string, number>;
  paths: Pick<PathsStoreFile, 'paths' | 'also' | 'permissions'>;
  pathCounts: Record<string, number>;
}

const SENTENCES = ['displayName', 'description', 'userDisplayName', 'userDescription'] as const;

export function bundleUpstreamFacts(permissionsText: string, provisioningText: string, teamsfx: ResourceAppData[]): UpstreamFacts {
  const base: PermissionStoreFile = {
    format: STORE_FORMAT,
    provenance: { origin: 'bundled', sources: [], snapshotDate: 'unknown', generator: '', counts: {} },
    resourceApps: teamsfx,
  };
  const r = importUpstream(permissionsText, provisioningText, base, { snapshotDate: 'unknown', permissionsSource: '', provisioningSource: '' });
  const parsed = parsePermissionsJson(permissionsText);
  // authorizationType is a fact the importer does not keep: read it here (RSC vs oAuth2).
  const raw = (JSON.parse(permissionsText) as { permissions: Record<string, { authorizationType?: unknown }> }).permissions;
  const rscNames = new Set(Object.entries(raw).filter(([, v]) => v?.authorizationType === 'RSC').map(([k]) => k.toLowerCase()));

  // teamsfx-core's records (the only source of sentences), per app, GUID and kind.
  const teamsfxRecords = new Map<string, PermissionRecord>();
  for (const a of teamsfx) for (const p of a.permissions) teamsfxRecords.set(`${a.appId.toLowerCase()}|${p.id}|${p.kind}`, p);

  let withSentences = 0;
  let withoutSentences = 0;
  let personal = 0;
  const servedCounts = new Map<string, number>();
  // Upstream's `resourceAppId` names the service that provisions a permission, not the API an app
  // requests it from: 780 public deployments with a GUID carry another app id (60-odd services), yet
  // every one whose GUID the Microsoft Graph service principal dump in teamsfx-core has (57 of 57:
  // Sites.*, Tasks.*, TeamsAppInstallation.*, Application.Read.All, BitlockerKey.*, …) is a Microsoft
  // Graph scope or app role, none is SharePoint's or another API's (SharePoint's own Sites.Selected is
  // 20d37865-…; the one upstream lists "under SharePoint" is Graph's 883ea226-…). So the importer makes
  // those with Graph paths in permissions.json Graph records, as Update Metadata does, with the
  // provisioning app kept as `servedBy`. None is skipped for its service: the retired Azure AD Graph id
  // (LicenseAssignment.Read.All, User.DeleteRestore.All) and the all-zero placeholder
  // (ProvisioningLog.Read.All) mark real Graph permissions too. A GUID Graph already has keeps its
  // record (and gains `servedBy`); ones without Graph paths stay out (not documented for Graph).
  // SharePoint keeps its own service principal's records from teamsfx-core.
  // Graph's records are rebuilt field by field: nothing the importer took from upstream texts can slip through.
  const teamsfxApps = new Map(teamsfx.map((a) => [a.appId.toLowerCase(), a]));
  const resourceApps = r.file.resourceApps.filter((app) => app.appId === GRAPH_APP_ID || teamsfxApps.has(app.appId.toLowerCase())).map((app) => {
    if (app.appId !== GRAPH_APP_ID) return teamsfxApps.get(app.appId.toLowerCase())!;
    const permissions = app.permissions.map((p) => {
      const t = teamsfxRecords.get(`${app.appId.toLowerCase()}|${p.id}|${p.kind}`);
      const fromTeamsfx = !!t && t.value.toLowerCase() === p.value.toLowerCase();
      // Rebuilt field by field: nothing the importer took from upstream texts can slip through.
      const rec: PermissionRecord = {
        id: p.id,
        value: p.value,
        kind: p.kind,
        displayName: fromTeamsfx ? t.displayName : '',
        description: fromTeamsfx ? t.description : '',
        adminConsentRequired: p.adminConsentRequired,
        enabled: p.enabled,
      };
      if (fromTeamsfx && t.userDisplayName) rec.userDisplayName = t.userDisplayName;
      if (fromTeamsfx && t.userDescription) rec.userDescription = t.userDescription;
      if (p.hidden) rec.hidden = true;
      if (p.privilegeLevel !== undefined) rec.privilegeLevel = p.privilegeLevel;
      if (p.kind === 'Delegated' && parsed.permissions.get(p.value.toLowerCase())?.schemes.DelegatedPersonal) {
        rec.personal = true;
        personal++;
      }
      if (rscNames.has(p.value.toLowerCase())) rec.rsc = true;
      const by = p.servedBy;
      if (by) {
        rec.servedBy = by;
        servedCounts.set(by, (servedCounts.get(by) ?? 0) + 1);
      }
      if (rec.description) withSentences++;
      else withoutSentences++;
      for (const k of SENTENCES) if (rec[k] === undefined) delete rec[k];
      return rec;
    });
    return { ...app, permissions };
  });

  const byName = new Map<string, PathSetRecord[]>();
  const names = Object.keys(r.file.methods ?? {}).sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : a < b ? -1 : 1));
  let pathSets = 0;
  let entries = 0;
  for (const n of names) {
    const sets = (r.file.methods as Record<string, PathSetRecord[]>)[n];
    byName.set(n, sets);
    pathSets += sets.length;
    for (const s of sets) entries += s.paths.length;
  }
  const paths = encodePathData(byName);
  return {
    resourceApps,
    counts: {
      upstreamGraphPermissions: r.stats.graphPublicIds,
      added: r.stats.added,
      hidden: r.stats.hidden,
      disabled: r.stats.disabled,
      delegatedPersonal: personal,
      rsc: resourceApps.reduce((n, a) => n + a.permissions.filter((p) => p.rsc).length, 0),
      graphWithDescription: withSentences,
      graphWithoutDescription: withoutSentences,
      // Records per resource app in the bundle, and the Graph records upstream provisions under another service.
      ...Object.fromEntries(resourceApps.map((a) => [`records:${a.appId}`, a.permissions.length])),
      ...Object.fromEntries([...servedCounts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, n]) => [`servedBy:${k}`, n])),
    },
    paths,
    pathCounts: { permissions: names.length, pathSets, pathEntries: entries, distinctPaths: paths.paths.length, methods: r.stats.methodPaths },
  };
}
