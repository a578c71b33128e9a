/**
 * The cache of downloaded upstream files, as the core sees it: the validated raw files with a meta
 * record (checksums, source, dates) per version, `current` and the one before, `previous`. The
 * merged store is rebuilt from the raw files at load time, so an extension update's newer bundled
 * data is always the base. The storage is the host's (src/platform/node/metadataCache.ts: a folder
 * in the extension's global storage, written atomically under a lock; a browser host would use
 * `globalStorageUri` through `vscode.workspace.fs`).
 */

export const CACHE_FORMAT = 1;

export type CacheVersion = 'current' | 'previous';

export interface CacheMeta {
  format: number;
  /** The source setting / argument used. */
  source: string;
  permissionsSource: string;
  provisioningSource: string;
  /** ISO timestamp of the download. */
  fetchedAt: string;
  /** YYYY-MM-DD the data describes. */
  snapshotDate: string;
  sha256: { permissions: string; provisioning: string };
}

export interface CachedFiles {
  permissionsText: string;
  provisioningText: string;
  meta: CacheMeta;
  which: CacheVersion;
}

/** The cache store a host supplies. Reads are synchronous: the store loads on first use, inside a provider call. */
export interface MetadataCacheStore {
  /** Whether a version is there (usable or not). */
  has(which: CacheVersion): boolean;
  /** Reads a version and checks it against its checksums; throws UpstreamError when it is unusable. */
  readSettled(which: CacheVersion): CachedFiles;
  /** The raw meta record of a version ('' when unreadable): tells whether a version was replaced meanwhile. */
  metaText(which: CacheVersion): string;
  /** Sets a broken version aside (never deleted silently), unless it changed since `seenMeta` was read. */
  quarantine(which: CacheVersion, seenMeta?: string): void;
  /** Stores a new version as `current` (the old one becomes `previous`); returns its meta record. Throws UpstreamError. */
  write(permissionsText: string, provisioningText: string, meta: Omit<CacheMeta, 'format' | 'sha256'>): Promise<CacheMeta>;
}
