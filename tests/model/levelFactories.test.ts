import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { crossFieldLevel } from '../../src/model/levels/crossFieldLevel.js';
import { damerauLevenshteinLevel } from '../../src/model/levels/damerauLevenshteinLevel.js';
import { dateLevel } from '../../src/model/levels/dateLevel.js';
import { distinctNamesLevel } from '../../src/model/levels/distinctNamesLevel.js';
import { elseLevel } from '../../src/model/levels/elseLevel.js';
import { exactLevel } from '../../src/model/levels/exactLevel.js';
import { jaroWinklerLevel } from '../../src/model/levels/jaroWinklerLevel.js';
import { nameLevel } from '../../src/model/levels/nameLevel.js';
import { nikLevel } from '../../src/model/levels/nikLevel.js';
import { nullLevel } from '../../src/model/levels/nullLevel.js';
import { numericDifferenceLevel } from '../../src/model/levels/numericDifferenceLevel.js';
import { prefixLevel } from '../../src/model/levels/prefixLevel.js';

// Issue 17: the level factories kept whatever keys their options had (`exactLevel({ then: fn })`
// returned a level with a `then`, which an `await` on a spec then called). They now check the spec
// they build against their kind's schema and throw PadanError naming the key, redacted.

type Factory = (extra: Record<string, unknown>) => unknown;
const withOptions: readonly [string, Factory][] = [
  ['exactLevel', (extra) => exactLevel({ termFrequency: true, ...extra } as never)],
  ['dateLevel', (extra) => dateLevel(['exact'], extra as never)],
  ['nikLevel', (extra) => nikLevel(['exact'], extra as never)],
  ['distinctNamesLevel', (extra) => distinctNamesLevel(['twin-names'] as never, extra as never)],
  ['crossFieldLevel', (extra) => crossFieldLevel('surname', extra as never)],
];

function thrown(call: () => unknown): PadanError | undefined {
  try {
    call();
  } catch (error) {
    expect(error).toBeInstanceOf(PadanError);
    return error as PadanError;
  }
  return undefined;
}

describe('level factories refuse what their kind does not know', () => {
  it('an unknown option key throws invalid-model naming the key (a NIK-shaped key masked)', () => {
    for (const [name, make] of withOptions) {
      expect(() => make({}), name).not.toThrow();
      const error = thrown(() => make({ then: () => 1 }));
      expect(error?.code, name).toBe('invalid-model');
      expect(error?.message, name).toContain(`${name}: unknown option "then"`);
      const nik = thrown(() => make({ '3201015205900001': 1 }));
      expect(nik?.message, name).not.toContain('3201015205900001');
      expect(nik?.message, name).toContain('unknown option');
    }
  });

  it('values of the wrong type or range throw where they are written, not at compile time', () => {
    for (const call of [
      () => jaroWinklerLevel(2),
      () => jaroWinklerLevel('0.9' as never),
      () => nameLevel(NaN),
      () => damerauLevenshteinLevel(-1),
      () => numericDifferenceLevel('1' as never),
      () => prefixLevel(0),
      () => elseLevel(5 as never),
      () => exactLevel('abc' as never),
      () => exactLevel({ termFrequency: 'yes' } as never),
      () => dateLevel(['exact'], { label: 3 } as never),
      () => distinctNamesLevel('x' as never),
    ]) {
      expect(thrown(call)?.code).toBe('invalid-model');
    }
  });

  it('valid specs come out as before, keys in the order given', () => {
    expect(nullLevel()).toEqual({ kind: 'null' });
    expect(Object.keys(exactLevel({ label: 'same', termFrequency: true }))).toEqual(['kind', 'label', 'termFrequency']);
    expect(jaroWinklerLevel(0.92)).toEqual({ kind: 'jaro-winkler', threshold: 0.92 });
    expect(prefixLevel(6, 'same district')).toEqual({ kind: 'prefix', length: 6, label: 'same district' });
    expect(elseLevel()).toEqual({ kind: 'else' });
    expect(dateLevel(['exact', 'year-only-equal'] as never)).toEqual({ kind: 'date', outcomes: ['exact', 'year-only-equal'] });
  });
});
