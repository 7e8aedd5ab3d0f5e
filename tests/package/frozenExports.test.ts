import { describe, expect, it } from 'vitest';
import { ENTRY_POINT_MODULES, exportKind } from '../../benchmarks/fuzz/exports.js';

// Issue 17: a caller could push to CITIZEN_ACTIONS or RELATIONSHIPS and change what padan accepts for
// everyone in the process. Every data export of every entry point (package.json "exports") is frozen,
// all the way down; a new one that is not fails here.

/** The paths inside a value that are objects or arrays and not frozen. */
function unfrozen(value: unknown, path: string, out: string[], seen = new Set<object>()): string[] {
  if (typeof value !== 'object' || value === null || seen.has(value)) return out;
  seen.add(value);
  if (!Object.isFrozen(value)) out.push(path);
  for (const key of Object.keys(value)) unfrozen((value as Record<string, unknown>)[key], `${path}.${key}`, out, seen);
  return out;
}

describe('data exports', () => {
  const data = ENTRY_POINT_MODULES.flatMap((entry) =>
    Object.entries(entry.module)
      .filter(([, value]) => exportKind(value) === 'data' && typeof value === 'object' && value !== null)
      .map(([name, value]) => [`${entry.specifier} ${name}`, value] as const),
  );

  it('include the category lists', () => {
    const names = data.map(([name]) => name);
    expect(names).toContain('padan/schema CITIZEN_ACTIONS');
    expect(names).toContain('padan/schema RELATIONSHIPS');
    expect(names).toContain('padan/id RETIRED_REGENCIES');
  });

  it('are frozen all the way down, so no caller can change them for everyone', () => {
    expect(data.flatMap(([name, value]) => unfrozen(value, name, []))).toEqual([]);
  });

  it('refuse a change (strict mode throws, and the list is as it was)', () => {
    const actions = data.find(([name]) => name.endsWith(' CITIZEN_ACTIONS'))?.[1] as string[];
    const before = [...actions];
    expect(() => actions.push('hack')).toThrow(TypeError);
    expect(actions).toEqual(before);
  });
});
