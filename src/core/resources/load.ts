/**
 * Reads `data/resources.json` (about 3 MB) into a ResourceModel. Callers load it lazily — on the
 * first payload found, never at activation — through `LazyResourceModel`, which also records how
 * long the load took.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ResourceModel, ResourceModelError } from './model';

export const RESOURCES_FILE = 'resources.json';

export function loadResourceModel(dataDir: string): ResourceModel {
  const file = path.join(dataDir, RESOURCES_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ResourceModelError(`cannot read the resource store ${file}: ${(e as Error).message}`);
  }
  return ResourceModel.fromJson(text);
}

/** Loads the model on the first `get()`; a failed load is remembered (with its error), not retried. */
export class LazyResourceModel {
  private model: ResourceModel | undefined;
  private failure: Error | undefined;
  /** Milliseconds the load took (read + parse + index), once loaded. */
  loadMs: number | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly onLoad?: (result: { model?: ResourceModel; error?: Error; ms: number }) => void,
  ) {}

  get loaded(): boolean {
    return this.model !== undefined;
  }

  get error(): Error | undefined {
    return this.failure;
  }

  get(): ResourceModel | undefined {
    if (this.model || this.failure) return this.model;
    const t0 = performance.now();
    try {
      this.model = loadResourceModel(this.dataDir);
    } catch (e) {
      this.failure = e instanceof Error ? e : new Error(String(e));
    }
    this.loadMs = Math.round((performance.now() - t0) * 10) / 10;
    this.onLoad?.({ model: this.model, error: this.failure, ms: this.loadMs });
    return this.model;
  }
}
