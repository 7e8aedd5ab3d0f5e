import { describe, expect, it } from 'vitest';
import { generatePopulation, generateSources } from '../../src/synth/index.js';

const typed = expect.objectContaining({ name: 'PadanError', code: 'invalid-argument' });

describe('generator options', () => {
  it('refuses an empty province list (regression: TypeError reading total)', () => {
    expect(() => [...generateSources({ provinces: [] })]).toThrow(typed);
    expect(() => [...generatePopulation({ provinces: [32] as never })]).toThrow(typed);
    expect(() => [...generatePopulation(5 as never)]).toThrow(typed);
  });
});
