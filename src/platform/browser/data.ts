/**
 * The bundled data files for a browser host (a web-worker extension host: vscode.dev, github.dev,
 * code-server): the browser side of core/store/bundledData.ts. A browser has no synchronous file
 * reads, and the store loads synchronously on first use inside a provider call, so the files are
 * read ahead — all at once, in parallel, at activation — through the reader the host passes in
 * (the extension reads its own URI with `vscode.workspace.fs`), then served from memory.
 *
 * A file that could not be read fails where it is first needed, with the reason, exactly as a
 * missing file does on the desktop: the store's or the resource model's loader reports it.
 */
import { BundledData, DATA_FILES, type DataFileName, type ReadDataFile } from '../../core/store/bundledData';
import type { ResourceModelLoad } from '../../core/payloads/load';
// The core modules loaded on first need (the YAML scanner), for the browser host.
import './modules';

/** Reads one data file's bytes (rejects with an Error naming the file). */
export type ReadDataBytes = (name: DataFileName) => Promise<Uint8Array>;

/** Every bundled data file, read ahead: a reader for BundledData that never touches the host again. */
export async function preloadDataFiles(read: ReadDataBytes): Promise<ReadDataFile> {
  const names = Object.values(DATA_FILES);
  const decoder = new TextDecoder('utf-8');
  const results = await Promise.all(
    names.map(async (name) => {
      try {
        return { name, text: decoder.decode(await read(name)) };
      } catch (e) {
        return { name, error: (e as Error).message || String(e) };
      }
    }),
  );
  const byName = new Map(results.map((r) => [r.name, r]));
  return (name) => {
    const r = byName.get(name);
    if (r?.text !== undefined) return r.text;
    throw new Error(`cannot read ${name}: ${r?.error ?? 'not a bundled data file'}`);
  };
}

/** A BundledData over files read ahead (see preloadDataFiles). */
export function preloadedBundledData(read: ReadDataFile, onResourcesLoad?: (result: ResourceModelLoad) => void): BundledData {
  return new BundledData(read, onResourcesLoad);
}
