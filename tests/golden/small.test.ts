import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { smallPopulation, summarizeResolution } from './summarize.js';

const GOLDEN = fileURLToPath(new URL('./small.golden.json', import.meta.url));

/** A seeded Fisher–Yates shuffle (mulberry32), so the shuffled order is itself reproducible. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe('golden: 300 seeded synthetic persons through resolve and merge', () => {
  const records = smallPopulation();
  const first = summarizeResolution(records);

  it('matches the committed golden summary (UPDATE_GOLDEN=1 rewrites it)', () => {
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, first);
    expect(existsSync(GOLDEN), 'no golden file: run with UPDATE_GOLDEN=1 once').toBe(true);
    expect(first).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('is byte-identical on a second run (IDs included)', () => {
    expect(summarizeResolution(records)).toBe(first);
  });

  it('is byte-identical on shuffled input: same clusters, same IDs, same unified values', () => {
    expect(summarizeResolution(shuffled(records, 7))).toBe(first);
  });
});
