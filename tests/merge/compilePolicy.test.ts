import { describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { canonicalJson } from '../../src/_internal/hash.js';
import { compilePolicy } from '../../src/merge/compilePolicy.js';
import { customRule } from '../../src/merge/customRule.js';
import { definePolicy } from '../../src/merge/definePolicy.js';
import { dtsenDwellingPolicy } from '../../src/merge/dtsenDwellingPolicy.js';
import { dtsenFamilyPolicy } from '../../src/merge/dtsenFamilyPolicy.js';
import { dtsenPersonPolicy } from '../../src/merge/dtsenPersonPolicy.js';
import { mostComplete } from '../../src/merge/mostComplete.js';
import { mostFrequent } from '../../src/merge/mostFrequent.js';
import { mostRecent } from '../../src/merge/mostRecent.js';
import { mostVerified } from '../../src/merge/mostVerified.js';
import { sourcePriority } from '../../src/merge/sourcePriority.js';
import type { MergePersonRecord, MergePolicy } from '../../src/merge/types.js';

function policyError(policy: unknown): PadanError {
  try {
    compilePolicy(policy as MergePolicy);
  } catch (error) {
    if (error instanceof PadanError) return error;
    throw error;
  }
  throw new Error('expected compilePolicy to throw');
}

describe('compilePolicy: a policy mistake throws before any record is merged', () => {
  const valid = { name: 'p', version: '1', fields: { name: { rules: [mostRecent()] } } };
  it.each([
    ['an unknown rule kind', { ...valid, fields: { name: { rules: [{ kind: 'most-beautiful' }] } } }, 'fields.name.rules.0'],
    ['an empty rule list', { ...valid, fields: { name: { rules: [] } } }, 'at least one rule'],
    ['a source listed twice', { ...valid, fields: { name: { rules: [sourcePriority(['dtks', 'dtks'])] } } }, 'listed twice'],
    ['a misspelled property', { ...valid, fields: { name: { rule: [mostRecent()] } } }, 'fields.name'],
    ['an unknown severity', { ...valid, fields: { name: { rules: [mostRecent()], severity: 'urgent' } } }, 'severity'],
    ['a custom rule without a function', { ...valid, fields: { name: { rules: [{ kind: 'custom', name: 'x', version: '1' }] } } }, 'select'],
    ['following an unknown field', { ...valid, fields: { ...valid.fields, sex: { follow: 'nama' } } }, '"nama" is not a field'],
    ['following a follower', { ...valid, fields: { ...valid.fields, a: { follow: 'name' }, b: { follow: 'a' } } }, 'itself follows'],
    ['an envelope field', { ...valid, fields: { source: { rules: [mostRecent()] } } }, 'envelope'],
    ['a missing version', { name: 'p', fields: valid.fields }, 'version'],
    ['no fields at all', { name: 'p', version: '1', fields: {} }, 'names no field'],
    ['extra given twice', { ...valid, fields: { extra: { rules: [mostRecent()] } }, extra: { rules: [mostRecent()] } }, 'extra'],
  ])('rejects %s', (_label, policy, fragment) => {
    const error = policyError(policy);
    expect(error.code).toBe('invalid-policy');
    expect([error.message, ...error.details].join('\n')).toContain(fragment);
  });

  it('accepts the three DTSEN policies', () => {
    for (const policy of [dtsenPersonPolicy, dtsenFamilyPolicy, dtsenDwellingPolicy]) {
      expect(compilePolicy(policy as MergePolicy).kind).toBe('compiled-merge-policy');
    }
  });

  it('catches a misspelled field name at compile time', () => {
    definePolicy<MergePersonRecord>({
      name: 'p',
      version: '1',
      // @ts-expect-error — `nama` is not a person field
      fields: { nama: { rules: [mostRecent()] } },
    });
  });
});

describe('compilePolicy: the fingerprint', () => {
  const base = definePolicy<MergePersonRecord>({
    name: 'p',
    version: '1',
    fields: {
      nik: { rules: [sourcePriority(['dukcapil', 'dtks']), mostFrequent()], severity: 'high', normalize: 'digits' },
      birthDate: { rules: [mostComplete({ placeholderFlag: 'birthDatePlaceholder' }), mostVerified()] },
      birthDatePlaceholder: { follow: 'birthDate' },
      name: { rules: [customRule('keep', (cs) => cs), mostRecent()], normalize: 'text' },
    },
    extra: { rules: [mostRecent()] },
  });
  const fingerprint = (policy: unknown, model?: string) =>
    compilePolicy(policy as MergePolicy, model === undefined ? {} : { modelFingerprint: model }).fingerprint;
  const reference = fingerprint(base);

  it('is a sha256 hex digest, the same on every compile', () => {
    expect(reference).toMatch(/^[0-9a-f]{64}$/);
    expect(fingerprint(base)).toBe(reference);
  });

  it('does not depend on the key order of the policy object, nor on spelled-out defaults', () => {
    const reordered = JSON.parse(canonicalJson({ ...base, fields: { ...base.fields, name: undefined } }));
    const shuffled = {
      extra: { rules: [{ kind: 'most-recent' }], normalize: 'exact', severity: 'medium' },
      fields: {
        name: base.fields.name,
        birthDatePlaceholder: { follow: 'birthDate' },
        birthDate: { severity: 'medium', rules: reordered.fields.birthDate.rules },
        nik: { normalize: 'digits', severity: 'high', rules: reordered.fields.nik.rules },
      },
      version: '1',
      name: 'p',
    };
    expect(fingerprint(shuffled)).toBe(reference);
  });

  it('changes when any rule, setting, the version or the model changes', () => {
    const fields = base.fields;
    const variants: unknown[] = [
      { ...base, version: '2' },
      { ...base, name: 'q' },
      { ...base, fields: { ...fields, nik: { ...fields.nik, rules: [sourcePriority(['dtks', 'dukcapil']), mostFrequent()] } } },
      { ...base, fields: { ...fields, nik: { ...fields.nik, rules: [mostFrequent(), sourcePriority(['dukcapil', 'dtks'])] } } },
      { ...base, fields: { ...fields, nik: { ...fields.nik, severity: 'low' } } },
      { ...base, fields: { ...fields, nik: { ...fields.nik, normalize: 'exact' } } },
      { ...base, fields: { ...fields, birthDate: { rules: [mostComplete(), mostVerified()] } } },
      { ...base, fields: { ...fields, birthDatePlaceholder: { follow: 'nik' } } },
      { ...base, fields: { ...fields, name: { rules: [customRule('keep', (cs) => cs, { version: '2' }), mostRecent()], normalize: 'text' } } },
      { ...base, fields: { ...fields, name: { rules: [customRule('other', (cs) => cs), mostRecent()], normalize: 'text' } } },
      { ...base, fields: { ...fields, sex: { rules: [mostRecent()] } } },
      { ...base, extra: undefined },
    ];
    const prints = variants.map((variant) => fingerprint(variant));
    for (const print of prints) expect(print).not.toBe(reference);
    expect(new Set(prints).size).toBe(prints.length);
    expect(fingerprint(base, 'model-a')).not.toBe(reference);
    expect(fingerprint(base, 'model-a')).not.toBe(fingerprint(base, 'model-b'));
  });

  it('pins the DTSEN person policy fingerprint (a change here means every ministry re-merges)', () => {
    expect(compilePolicy(dtsenPersonPolicy).fingerprint).toMatchInlineSnapshot(`"49cebe83d6f6aa331efdc728836099d3ed6f1284083ef79d766d393d246cb7e0"`);
  });
});
