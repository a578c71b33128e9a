/**
 * Fingerprints that let GitHub code scanning track an alert across commits (SARIF
 * `partialFingerprints`). Pure.
 *
 * - `primaryLocationLineHash`: the value github/codeql-action's `upload-sarif` computes for a
 *   result's start line when the SARIF has none (its src/fingerprints.ts): a rolling hash
 *   (base 37, modulo 2^64) over the next 100 characters from the start of the line, with spaces and
 *   tabs skipped and CR / CRLF read as LF, in lower-case hex, followed by `:n` — the n-th line of the
 *   file with that hash. It depends on the line's own text and what follows, not on its number,
 *   so it survives lines inserted above. Written here (rather than left to the upload) so that every
 *   SARIF consumer gets it and the CLI's output is what gets uploaded.
 * - `graphPermissionLens/v1`: our own key, a hash of rule id + file + what the finding is about
 *   (the permission's name and kind, or the message when the rule has no permission) + its
 *   occurrence among identical keys in the file: stable under any edit that keeps the finding.
 *
 * 64-bit arithmetic is done in four 16-bit limbs held in numbers (no BigInt in the hot loop).
 */

const BLOCK_SIZE = 100;
const TAB = 9;
const SPACE = 32;
const LF = 10;
const CR = 13;
const EOF = 65535;

/** 37^100 mod 2^64 as 16-bit limbs, least significant first. */
const FIRST_MOD: readonly number[] = (() => {
  let limbs = [1, 0, 0, 0];
  for (let i = 0; i < BLOCK_SIZE; i++) limbs = mulSmall(limbs, 37);
  return limbs;
})();

function mulSmall(limbs: readonly number[], k: number): number[] {
  const out = [0, 0, 0, 0];
  let carry = 0;
  for (let i = 0; i < 4; i++) {
    const t = limbs[i] * k + carry;
    out[i] = t % 65536;
    carry = Math.floor(t / 65536);
  }
  return out;
}

function hex(limbs: readonly number[]): string {
  const hi = limbs[3] * 65536 + limbs[2];
  const lo = limbs[1] * 65536 + limbs[0];
  return hi === 0 ? lo.toString(16) : hi.toString(16) + lo.toString(16).padStart(8, '0');
}

/**
 * The `primaryLocationLineHash` of every line of `text` (index 0 = line 1). Lines made only of
 * spaces and tabs share the hash of the next content, as upstream's do.
 */
export function lineHashes(text: string): string[] {
  const out: string[] = [];
  const window = new Array<number>(BLOCK_SIZE).fill(0);
  const lineNumbers = new Array<number>(BLOCK_SIZE).fill(-1);
  const h = [0, 0, 0, 0];
  const counts = new Map<string, number>();
  let index = 0;
  let lineNumber = 0;
  let lineStart = true;
  let prevCR = false;

  const outputHash = (): void => {
    const value = hex(h);
    const n = (counts.get(value) ?? 0) + 1;
    counts.set(value, n);
    out[lineNumbers[index] - 1] = `${value}:${n}`;
    lineNumbers[index] = -1;
  };
  const updateHash = (current: number): void => {
    const begin = window[index];
    window[index] = current;
    // h = 37·h + current − FIRST_MOD·begin  (mod 2^64)
    let carry = 0;
    for (let i = 0; i < 4; i++) {
      const t = 37 * h[i] + (i === 0 ? current : 0) - FIRST_MOD[i] * begin + carry;
      const r = ((t % 65536) + 65536) % 65536;
      carry = (t - r) / 65536;
      h[i] = r;
    }
    index = (index + 1) % BLOCK_SIZE;
  };
  const processCharacter = (c: number): void => {
    if (c === SPACE || c === TAB || (prevCR && c === LF)) {
      prevCR = false;
      return;
    }
    if (c === CR) {
      c = LF;
      prevCR = true;
    } else prevCR = false;
    if (lineNumbers[index] !== -1) outputHash();
    if (lineStart) {
      lineStart = false;
      lineNumber++;
      lineNumbers[index] = lineNumber;
    }
    if (c === LF) lineStart = true;
    updateHash(c);
  };
  for (let i = 0; i < text.length; i++) processCharacter(text.charCodeAt(i));
  processCharacter(EOF);
  for (let i = 0; i < BLOCK_SIZE; i++) {
    if (lineNumbers[index] !== -1) outputHash();
    updateHash(0);
  }
  return out;
}

/** FNV-1a, 64-bit, over the UTF-16LE bytes of `s`, as 16 hex digits (limb arithmetic as above). */
export function fnv1a64(s: string): string {
  // offset basis 0xcbf29ce484222325; prime 0x100000001b3 = 2^40 + 0x1b3
  let h = [0x2325, 0x8422, 0x9ce4, 0xcbf2];
  const step = (byte: number): void => {
    h[0] ^= byte;
    const a = mulSmall(h, 0x1b3);
    // h << 40 (mod 2^64): limb 2 gets h0 << 8, limb 3 gets h1 << 8 | h0 >> 8
    const shifted = [0, 0, (h[0] * 256) % 65536, (h[1] * 256 + Math.floor(h[0] / 256)) % 65536];
    const r = [0, 0, 0, 0];
    let carry = 0;
    for (let k = 0; k < 4; k++) {
      const t = a[k] + shifted[k] + carry;
      r[k] = t % 65536;
      carry = Math.floor(t / 65536);
    }
    h = r;
  };
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    step(c & 0xff);
    step(c >>> 8);
  }
  return h
    .slice()
    .reverse()
    .map((l) => l.toString(16).padStart(4, '0'))
    .join('');
}

export const STABLE_FINGERPRINT_KEY = 'graphPermissionLens/v1';
