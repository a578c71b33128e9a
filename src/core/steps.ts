/**
 * Long work written once, as a generator that `yield`s between steps (a file, a call, an app), and
 * driven either at once (`runSteps`: the CLI) or in slices that give the host's thread back between
 * them (`runStepsAsync`: a language server, an extension host). Core knows no event loop: the host
 * passes how to yield (`setImmediate` on Node, a `MessageChannel` or `setTimeout(0)` in a browser).
 * A step is a point where stopping is safe, not a promise of how long the work between two takes.
 */

/** Work that yields between steps and returns `T`. */
export type Steps<T> = Generator<void, T, void>;

/** Runs every step at once. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** A cancellation token as hosts have them (`vscode.CancellationToken`, `vscode-languageserver`'s). */
export interface CancellationLike {
  readonly isCancellationRequested: boolean;
}

export interface StepDriver {
  /** Gives the host's thread back (resolves once other work queued on it had its turn). */
  yieldNow: () => Promise<void>;
  /** Checked at every step: once set, the work stops there (its `finally` blocks run). */
  token?: CancellationLike;
  /** How long (ms) the steps may run before the driver yields. Default 8. */
  sliceMs?: number;
}

/** Thrown (rejected) by `runStepsAsync` when its token was cancelled before the work finished. */
export class StepsCancelled extends Error {
  constructor() {
    super('cancelled');
    this.name = 'StepsCancelled';
  }
}

export function isStepsCancelled(e: unknown): e is StepsCancelled {
  return e instanceof StepsCancelled;
}

/**
 * Runs the steps in slices of about `sliceMs`, yielding to the host between slices; rejects with
 * `StepsCancelled` (after closing the generator) when the token is cancelled.
 */
export async function runStepsAsync<T>(steps: Steps<T>, driver: StepDriver): Promise<T> {
  const slice = driver.sliceMs ?? 8;
  let start = performance.now();
  try {
    for (;;) {
      if (driver.token?.isCancellationRequested) throw new StepsCancelled();
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() - start >= slice) {
        await driver.yieldNow();
        start = performance.now();
      }
    }
  } finally {
    // Runs the generator's `finally` blocks when it stopped early (a no-op once it is done).
    steps.return(undefined as T);
  }
}
