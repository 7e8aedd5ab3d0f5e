import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { resolve } from '../../src/resolve.js';
import { generateSources } from '../../src/synth/sources.js';
import { shuffle } from './fixtures.js';
import { summarizeGroups } from './summarizeGroups.js';

// Protects the group stage's end-to-end output on the DTSEN pipeline: families (cards, links, events)
// and households of a seeded synthetic population, byte for byte. A change here is a change of
// behaviour and is said in its commit (UPDATE_GOLDEN=1 rewrites the file).
const GOLDEN = fileURLToPath(new URL('./groups.golden.json', import.meta.url));

interface Population {
  readonly persons: unknown[];
  readonly families: unknown[];
  readonly dwellings: unknown[];
}

function population(): Population {
  const persons: unknown[] = [];
  const families: unknown[] = [];
  const dwellings: unknown[] = [];
  for (const item of generateSources({ persons: 600, seed: 20261207 })) {
    if (item.kind === 'person') persons.push(item.record);
    else if (item.kind === 'family') families.push(item.record);
    else dwellings.push(item.record);
  }
  return { persons, families, dwellings };
}

describe('golden: families and households of 600 seeded synthetic persons through resolve', () => {
  const input = population();
  const first = summarizeGroups(resolve(input));

  it('matches the committed golden file (UPDATE_GOLDEN=1 rewrites it)', () => {
    if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(GOLDEN, first);
    expect(existsSync(GOLDEN), 'no golden file: run with UPDATE_GOLDEN=1 once').toBe(true);
    expect(first).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('is byte-identical on shuffled input', () => {
    const shuffled = { persons: shuffle(input.persons, 7), families: shuffle(input.families, 11), dwellings: shuffle(input.dwellings, 13) };
    expect(summarizeGroups(resolve(shuffled))).toBe(first);
  });
});
