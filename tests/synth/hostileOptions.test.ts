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

describe('writeSyntheticDataset arguments (regression: untyped TypeErrors from the fuzz run)', () => {
  it('refuses a bad folder, bad options and bad noise with a typed error, before writing anything', async () => {
    const { writeSyntheticDataset } = await import('../../src/synth/index.js');
    const { mkdtempSync, readdirSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'padan-synth-args-'));
    try {
      const typedAsync = (promise: Promise<unknown>) => expect(promise).rejects.toThrow(typed);
      await typedAsync(writeSyntheticDataset(5 as never));
      await typedAsync(writeSyntheticDataset(join(dir, 'a'), null as never));
      await typedAsync(writeSyntheticDataset(join(dir, 'b'), { persons: 5, onProgress: 1 as never }));
      await typedAsync(writeSyntheticDataset(join(dir, 'c'), { persons: 5, progressEvery: 0 }));
      await typedAsync(writeSyntheticDataset(join(dir, 'd'), { persons: 5, shuffleWindow: Number.NaN }));
      await expect(writeSyntheticDataset(join(dir, 'e'), { persons: 5, noise: null as never })).rejects.toThrow(
        expect.objectContaining({ name: 'PadanError', code: 'invalid-config' }),
      );
      await expect(writeSyntheticDataset(join(dir, 'f'), { persons: 5, noise: { preset: 'constructor' as never } })).rejects.toThrow(
        expect.objectContaining({ name: 'PadanError' }),
      );
      await typedAsync(writeSyntheticDataset(join(dir, 'g'), { persons: 5, sources: 7 as never }));
      // A folder that cannot be made (a file is in the way): typed, and the message names no path.
      writeFileSync(join(dir, 'file'), '');
      const error = await writeSyntheticDataset(join(dir, 'file', '3201015205900001'), { persons: 5 }).catch((e: unknown) => e);
      expect(error).toEqual(typed);
      expect((error as Error).message).toBe('writeSyntheticDataset: dir cannot be created (ENOTDIR)');
      expect(readdirSync(dir)).toEqual(['file']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generateSources refuses a sources option that is not a list of names', () => {
    expect(() => [...generateSources({ persons: 3, sources: 'dtks' as never })]).toThrow(typed);
    expect(() => [...generateSources({ persons: 3, noise: { sources: 5 } as never })]).toThrow(expect.objectContaining({ name: 'PadanError' }));
  });
});
