/**
 * The resource type model (`data/resources.json`, about 3 MB), loaded on first use — on the first
 * payload found or the first detail page, never at activation — and kept: `LazyResourceModel`
 * parses the text once and records how long it took. The text comes from the host
 * (core/store/bundledData.ts, src/platform/node/data.ts): no I/O here.
 */
import { ResourceModel } from './resourceModel';

export interface ResourceModelLoad {
  model?: ResourceModel;
  error?: Error;
  /** Milliseconds the load took (read + parse + index). */
  ms: number;
}

/** Loads the model on the first `get()`; a failed load is remembered (with its error), not retried. */
export class LazyResourceModel {
  private model: ResourceModel | undefined;
  private failure: Error | undefined;
  /** Milliseconds the load took (read + parse + index), once loaded. */
  loadMs: number | undefined;

  /** `readText` returns the text of resources.json (and throws with a readable message when it cannot). */
  constructor(
    private readonly readText: () => string,
    private readonly onLoad?: (result: ResourceModelLoad) => void,
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
      let text: string;
      try {
        text = this.readText();
      } catch (e) {
        throw new Error(`cannot read the resource store: ${(e as Error).message}`, { cause: e });
      }
      this.model = ResourceModel.fromJson(text);
    } catch (e) {
      this.failure = e instanceof Error ? e : new Error(String(e));
    }
    this.loadMs = Math.round((performance.now() - t0) * 10) / 10;
    this.onLoad?.({ model: this.model, error: this.failure, ms: this.loadMs });
    return this.model;
  }
}
