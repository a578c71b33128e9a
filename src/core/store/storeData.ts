/**
 * On-disk shapes of the metadata store (`data/permissions.json`, `data/resources.json`).
 * The generator in `scripts/store/` writes them; `src/core/store/store.ts` reads them.
 * Bump `format` on any incompatible change.
 */

export const STORE_FORMAT = 1;

export type PermissionKind = 'Application' | 'Delegated';

/** Where a store file came from: enough to say "not in the bundled snapshot of <date>". */
export interface Provenance {
  /** `bundled` = generated from pinned npm packages at build time; `upstream` = imported at run time. */
  origin: 'bundled' | 'upstream';
  sources: SourceInfo[];
  /** Date (YYYY-MM-DD) of the newest source: the date the data describes. Deterministic. */
  snapshotDate: string;
  generator: string;
  counts: Record<string, number>;
  /**
   * The upstream snapshot (microsoft-graph-devx-content) whose facts the bundled store carries:
   * its commit and the commit's date (YYYY-MM-DD). Absent in stores made from npm packages alone.
   */
  upstream?: { commit: string; date: string };
}

export interface SourceInfo {
  /** npm package name, or a URL for upstream imports. */
  package: string;
  version: string;
  /** Path of the file inside the package / repository. */
  file: string;
  license: string;
  /** Publish date of that package version (YYYY-MM-DD), when known. */
  published?: string;
}

export interface PermissionRecord {
  /** The permission GUID, lower case. */
  id: string;
  /** The permission name as published (`Calls.AccessMedia.All`). */
  value: string;
  kind: PermissionKind;
  /** Admin-facing display text (delegated) or the role display name (application). */
  displayName: string;
  description: string;
  /** Delegated only: texts shown to users at consent, when present. */
  userDisplayName?: string;
  userDescription?: string;
  /** Application roles always need admin consent; delegated scopes say so with type `Admin`. */
  adminConsentRequired: boolean;
  /** False when the upstream record is disabled. */
  enabled: boolean;
  /** Upstream only: the deployment is hidden (not meant for public use) but still resolvable. */
  hidden?: boolean;
  /** Upstream only: 1 (lowest) … 4 (highest), from the permission's scheme in permissions.json. */
  privilegeLevel?: number;
  /** Delegated only: upstream lists the DelegatedPersonal scheme too (personal Microsoft accounts). */
  personal?: boolean;
  /**
   * A Teams resource-specific consent permission (upstream `authorizationType` RSC): its GUID
   * resolves, but scanners treat its name as the RSC namespace, not as a tenant-wide Graph grant.
   */
  rsc?: boolean;
  /**
   * Upstream only: the resource app id that Microsoft's provisioning data names for this Graph
   * permission (the service behind it, e.g. SharePoint Online for Sites.Archive.All). The permission is
   * still requested under Microsoft Graph: that is where its GUID lives.
   */
  servedBy?: string;
}

/** An upstream permission scheme: the two delegated schemes both map to kind `Delegated`. */
export type UpstreamScheme = 'DelegatedWork' | 'DelegatedPersonal' | 'Application';

/** One path a permission protects, from an upstream pathSet. */
export interface PathRecord {
  /** Simplified URI template as published (`/users/{id}/messages`), without the version segment. */
  path: string;
  /** Schemes for which this permission is the least-privileged choice on this path. */
  least?: UpstreamScheme[];
  /** Permissions that must be granted alongside (`AlsoRequires=`). */
  alsoRequires?: string[];
  /** Only when upstream marks the path with a version; unmarked paths apply to v1.0 (and beta). */
  version?: 'v1.0' | 'beta';
}

/** Upstream pathSet: these methods on these paths, for these schemes. */
export interface PathSetRecord {
  schemes: UpstreamScheme[];
  methods: string[];
  paths: PathRecord[];
}

export interface ResourceAppData {
  appId: string;
  displayName: string;
  permissions: PermissionRecord[];
}

export interface PermissionStoreFile {
  format: number;
  provenance: Provenance;
  resourceApps: ResourceAppData[];
  /** Optional (upstream imports): Microsoft Graph path sets per permission name, as published. */
  methods?: Record<string, PathSetRecord[]>;
}

export const PATHS_FORMAT = 1;

/**
 * One encoded pathSet of `data/paths.json`: a scheme mask (1 DelegatedWork, 2 DelegatedPersonal,
 * 4 Application), the methods separated by spaces, and pairs of numbers per path: the index into
 * `paths`, then flags = least-privileged scheme mask | (index into `also` + 1) << 3.
 */
export type EncodedPathSet = [schemes: number, methods: string, entries: number[]];

/**
 * `data/paths.json`: the upstream pathSets of every Microsoft Graph permission, compactly (see
 * src/core/store/pathData.ts). Loaded on first need (methods, least privilege), not with the store.
 */
export interface PathsStoreFile {
  format: number;
  provenance: Provenance;
  /**
   * Every distinct path, sorted, front-coded by segment: the first character is `0` + the number of
   * leading segments shared with the previous path, then the remaining segments joined by `/`.
   */
  paths: string[];
  /** `AlsoRequires=` companion lists, each joined by `,`. */
  also: string[];
  /** Permission name, then its encoded pathSets in upstream order. */
  permissions: [string, ...EncodedPathSet[]][];
}

/** Primitive property types use the Edm namespace; the d.ts source cannot tell Int32 from Double. */
export type PrimitiveTypeName = 'Edm.String' | 'Edm.Number' | 'Edm.Boolean' | 'Edm.Untyped';

export interface ResourcePropertyData {
  name: string;
  /** `microsoft.graph.mediaConfig`, `microsoft.graph.callState`, or a primitive `Edm.*` name. */
  type: string;
  collection: boolean;
  nullable: boolean;
  description?: string;
  /** Derived from the description ("Read-only."). */
  readOnly: boolean;
  /** Derived from the description ("Required."). */
  required: boolean;
  /** Conditional requirement sentence from the description ("Required information for joining a meeting."). */
  requiredWhen?: string;
}

export interface ResourceTypeData {
  /** Fully qualified name: `microsoft.graph.call`, `microsoft.graph.callRecords.session`. */
  name: string;
  /** `entity` when it derives (directly or not) from microsoft.graph.entity, else `complex`. */
  kind: 'entity' | 'complex';
  baseType?: string;
  description?: string;
  properties: ResourcePropertyData[];
}

export interface EnumTypeData {
  name: string;
  members: string[];
}

export interface ResourceStoreFile {
  format: number;
  provenance: Provenance;
  types: ResourceTypeData[];
  enums: EnumTypeData[];
}
