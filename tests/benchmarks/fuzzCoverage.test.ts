import { describe, expect, it } from 'vitest';
import { EXEMPT, exportOfEntry, uncoveredExports } from '../../benchmarks/fuzz/coverage.js';
import { ENTRY_POINT_MODULES, packageEntrySources, whereExported } from '../../benchmarks/fuzz/exports.js';
import { ALL_ENTRY_POINTS } from '../../benchmarks/fuzz/worker.js';

// Issue 17: every runtime export of every package entry point has a fuzz entry. The entry points come
// from package.json "exports" (their sources under src/), so a new subpath or a name moved between
// entry points is followed without editing this test.

describe('fuzz coverage of the package exports', () => {
  it('reads the code entry points from package.json exports', () => {
    const subpaths = packageEntrySources().map((e) => e.subpath);
    expect(subpaths).toContain('.');
    expect(subpaths).not.toContain('./package.json');
    expect(ENTRY_POINT_MODULES.map((e) => e.subpath)).toEqual(subpaths);
    for (const entryPoint of ENTRY_POINT_MODULES) expect(Object.keys(entryPoint.module).length, entryPoint.subpath).toBeGreaterThan(0);
  });

  it('every function, class and zod schema of every entry point has a fuzz entry or a written exemption', () => {
    expect(uncoveredExports(ALL_ENTRY_POINTS)).toEqual([]);
    // The check can fail: without entries, everything is uncovered.
    expect(uncoveredExports([]).length).toBeGreaterThan(100);
  });

  it('every fuzz entry exercises an export that exists, and its name is unique', () => {
    // `bin:` is the CLI; `internal:` a building block behind the public API that still meets outside input (a queue job, a decision file).
    const stale = ALL_ENTRY_POINTS.filter((entry) => !/^(?:bin|internal):/.test(exportOfEntry(entry)) && whereExported(exportOfEntry(entry)).length === 0).map(
      (entry) => entry.name,
    );
    expect(stale).toEqual([]);
    const names = ALL_ENTRY_POINTS.map((entry) => entry.name);
    expect(names.length).toBe(new Set(names).size);
  });

  it('each exemption names an export and says why', () => {
    for (const [key, reason] of Object.entries(EXEMPT)) {
      const [subpath, name] = key.split(' ');
      expect(ENTRY_POINT_MODULES.find((e) => e.subpath === subpath)?.module, key).toHaveProperty(name as string);
      expect(reason.length, key).toBeGreaterThan(20);
    }
  });
});
