/**
 * The bundled data files of the extension and the CLI (`data/permissions.json`, `data/paths.json`,
 * `data/resources.json`): one loader per file, each file read once and parsed once, and the result
 * shared by every feature of the host (the permission store, the least-privilege path data, the
 * payload checks, the detail page and `lookup`'s resource tables).
 *
 * No I/O here: the host passes in how a file is read (src/platform/node/data.ts reads the extension's
 * or the CLI's `data/` folder with fs; a browser host would read the extension's URI with
 * `vscode.workspace.fs` ahead of first use). Reads are synchronous because the store loads on the
 * first hover or diagnostic, inside a provider call; `resources.json` and `paths.json` are read only
 * when a feature first needs them.
 */
import { ResourceIndex } from '../explorer/resources';
import { LazyResourceModel, type ResourceModelLoad } from '../payloads/load';
import { PermissionStore, StoreFormatError, type StoreOptions } from './store';
import type { PermissionStoreFile } from './storeData';

/** The bundled data files, by role. */
export const DATA_FILES = { permissions: 'permissions.json', paths: 'paths.json', resources: 'resources.json' } as const;
export type DataFileName = (typeof DATA_FILES)[keyof typeof DATA_FILES];

/**
 * Reads one bundled data file as text. Throws an Error whose message says which file and why (the
 * loaders add what the file is for).
 */
export type ReadDataFile = (name: DataFileName) => string;

/** The data files of one host (one data folder): each read once, parsed once. */
export class BundledData {
  private file: PermissionStoreFile | undefined;
  private store: PermissionStore | undefined;
  private index: ResourceIndex | undefined;
  /** The Graph resource type model (data/resources.json), loaded on the first `get()`. */
  readonly resources: LazyResourceModel;

  constructor(
    private readonly read: ReadDataFile,
    onResourcesLoad?: (result: ResourceModelLoad) => void,
  ) {
    this.resources = new LazyResourceModel(() => read(DATA_FILES.resources), onResourcesLoad);
  }

  /** The parsed and validated permissions.json. Throws StoreFormatError. */
  storeFile(): PermissionStoreFile {
    if (this.file) return this.file;
    let text: string;
    try {
      text = this.read(DATA_FILES.permissions);
    } catch (e) {
      throw new StoreFormatError(`cannot read the permission store: ${(e as Error).message}`);
    }
    return (this.file = PermissionStore.parseFile(text));
  }

  /** Options for a store built on the bundled data: the path data file, read when a feature first needs it. */
  pathDataOptions(): StoreOptions {
    return { pathData: () => this.read(DATA_FILES.paths) };
  }

  /** The bundled permission store (one per host; its path data loads on first need). Throws StoreFormatError. */
  permissionStore(): PermissionStore {
    return (this.store ??= new PermissionStore(this.storeFile(), this.pathDataOptions()));
  }

  /** The resource tables of the detail page and `lookup`, on the same model as the payload checks; undefined when resources.json did not load (`resources.error` says why). */
  resourceIndex(): ResourceIndex | undefined {
    if (this.index) return this.index;
    const model = this.resources.get();
    return model && (this.index = new ResourceIndex(model));
  }
}
