/**
 * The language server's answers to the explorer's requests (./explorerProtocol.ts): the permission
 * list, a permission resolved from a command argument, the metadata in use and the permission
 * references of workspace files, each from core/explorer/listing.ts on the server's store — the
 * functions the browser entry runs in the extension host. Files the client sends without text are
 * read here from disk, as the CLI reads them; the client sends open editors' text (unsaved text wins).
 */
import { promises as fsp } from 'fs';
import { fileURLToPath } from 'url';
import { ResponseError, ErrorCodes, type Connection } from 'vscode-languageserver/node';
import { fileReferences, metadataInfo, permissionList, resolvePermission, type FileReferences } from '../core/explorer/listing';
import { skipReason } from '../core/explorer/inventory';
import type { PermissionStore } from '../core/store/store';
import {
  FileReferencesRequest,
  MetadataInfoRequest,
  PermissionListRequest,
  ResolvePermissionRequest,
  StoreChangedNotification,
  type FileReferencesParams,
  type FileReferencesResult,
  type FileToScan,
  type MetadataInfoResult,
  type PermissionListParams,
  type PermissionListResult,
  type ResolvePermissionParams,
  type ResolvePermissionResult,
} from './explorerProtocol';

export interface ExplorerHandlerContext {
  connection: Connection;
  ensureStore(): Promise<void>;
  store(): PermissionStore | undefined;
  /** Why the store did not load, when it did not. */
  storeError(): string | undefined;
}

const threshold = (t: unknown): number | undefined => (typeof t === 'number' && Number.isFinite(t) ? t : undefined);

/** Registers the explorer's request handlers; returns what tells the client that the store changed. */
export function registerExplorerHandlers(ctx: ExplorerHandlerContext): { storeChanged(): void } {
  const { connection } = ctx;

  async function storeOrFail(): Promise<PermissionStore> {
    await ctx.ensureStore();
    const s = ctx.store();
    if (!s) throw new ResponseError(ErrorCodes.InternalError, `the permission store did not load: ${ctx.storeError() ?? 'unknown error'}`);
    return s;
  }

  connection.onRequest(PermissionListRequest, async (p: PermissionListParams): Promise<PermissionListResult> => {
    return permissionList(await storeOrFail(), threshold(p?.threshold), p?.withSearchText === true);
  });

  connection.onRequest(ResolvePermissionRequest, async (p: ResolvePermissionParams): Promise<ResolvePermissionResult> => {
    const store = await storeOrFail();
    if (typeof p?.name !== 'string' || typeof p.resourceAppId !== 'string') throw new ResponseError(ErrorCodes.InvalidParams, 'name and resourceAppId are strings');
    return { entry: resolvePermission(store, { name: p.name, resourceAppId: p.resourceAppId }, threshold(p.threshold), p.anyApp === true) ?? null, source: store.describe() };
  });

  connection.onRequest(MetadataInfoRequest, async (): Promise<MetadataInfoResult> => metadataInfo(await storeOrFail()));

  connection.onRequest(FileReferencesRequest, async (p: FileReferencesParams): Promise<FileReferencesResult> => {
    const store = await storeOrFail();
    if (!Array.isArray(p?.files)) throw new ResponseError(ErrorCodes.InvalidParams, 'files is a list');
    const out: FileReferences[] = [];
    // One file at a time: reads are awaited, so hovers and diagnostics are answered between files.
    for (const f of p.files) out.push(await referencesOf(store, f));
    return { files: out };
  });

  return { storeChanged: () => void connection.sendNotification(StoreChangedNotification) };
}

async function referencesOf(store: PermissionStore, f: FileToScan): Promise<FileReferences> {
  const uri = String(f?.uri);
  const max = typeof f?.maxFileSizeKB === 'number' ? f.maxFileSizeKB : Infinity;
  if (typeof f.text === 'string') return fileReferences(store, uri, f.text, max);
  let file: string;
  try {
    file = fileURLToPath(uri);
  } catch {
    return { uri, usages: [], error: 'the server reads only file: URIs; the client sends the text of others' };
  }
  try {
    const stat = await fsp.stat(file);
    if (stat.isDirectory()) return { uri, usages: [] };
    // Not read at all when the size alone rules it out.
    if (skipReason(stat.size, max)) return { uri, usages: [], skipped: 'oversized' };
    const bytes = await fsp.readFile(file);
    return fileReferences(store, uri, new TextDecoder('utf-8').decode(bytes), max, bytes);
  } catch (e) {
    return { uri, usages: [], error: (e as Error).message };
  }
}
