import { describe, expect, it } from 'vitest';
import { compilePolicy } from '../../src/merge/compilePolicy.js';
import { customRule } from '../../src/merge/customRule.js';
import { definePolicy } from '../../src/merge/definePolicy.js';
import { dtsenDwellingPolicy } from '../../src/merge/dtsenDwellingPolicy.js';
import { dtsenFamilyPolicy } from '../../src/merge/dtsenFamilyPolicy.js';
import { dtsenPersonPolicy } from '../../src/merge/dtsenPersonPolicy.js';
import { mergeCluster } from '../../src/merge/mergeCluster.js';
import { mostRecent } from '../../src/merge/mostRecent.js';
import { sourcePriority } from '../../src/merge/sourcePriority.js';
import type { MergeDwellingRecord, MergeFamilyRecord, MergePersonRecord } from '../../src/merge/types.js';
import { KK_A, KK_B, NIK_A, NIK_B, citizen, formal, person } from './fixtures.js';

const persons = compilePolicy(dtsenPersonPolicy);

describe('mergeCluster: survivorship rules (DTSEN person policy)', () => {
  it('takes identity from the civil registry and lists the losing value as a high conflict', () => {
    const result = mergeCluster(
      [
        person({ source: 'dtks', recordId: 'd1', birthDate: '1980-06-05', observedAt: '2024-05-01' }),
        person({ source: 'regsosek', recordId: 'r1', birthDate: '1980-06-05' }),
        person({ source: 'dukcapil', recordId: 'k1', birthDate: '1980-05-06', observedAt: '2020-01-01' }),
      ],
      persons,
    );
    expect(result.unified.birthDate).toBe('1980-05-06');
    expect(result.provenance.birthDate).toEqual({
      value: '1980-05-06',
      rule: 'source-priority',
      from: { source: 'dukcapil', recordId: 'k1', observedAt: '2020-01-01' },
      losing: [
        { value: '1980-06-05', source: 'dtks', recordId: 'd1', observedAt: '2024-05-01' },
        { value: '1980-06-05', source: 'regsosek', recordId: 'r1', observedAt: '2024-01-01' },
      ],
    });
    expect(result.conflicts).toEqual([expect.objectContaining({ field: 'birthDate', severity: 'high', chosen: '1980-05-06', rule: 'source-priority' })]);
  });

  it('calls agreement unanimous and still cites the record the rules prefer', () => {
    const result = mergeCluster(
      [person({ source: 'dtks', recordId: 'd1', sex: 'female' }), person({ source: 'dukcapil', recordId: 'k1', sex: 'female' })],
      persons,
    );
    expect(result.provenance.sex).toMatchObject({ rule: 'unanimous', from: { source: 'dukcapil' }, losing: [] });
    expect(result.conflicts).toEqual([]);
  });

  it('prefers the most specific birth date, and a placeholder ranks below a real one', () => {
    const result = mergeCluster(
      [
        person({ source: 'dtks', recordId: 'a', birthDate: '1980' }),
        person({ source: 'p3ke', recordId: 'b', birthDate: '1980-07-01', birthDatePlaceholder: true }),
        person({ source: 'regsosek', recordId: 'c', birthDate: '1980-03' }),
      ],
      persons,
    );
    expect(result.unified.birthDate).toBe('1980-03');
    expect(result.provenance.birthDate!.rule).toBe('most-complete');
    // The qualifier travels with the value it qualifies.
    expect(result.unified.birthDatePlaceholder).toBeNull();
    expect(result.provenance.birthDatePlaceholder).toMatchObject({ rule: 'follow:birthDate', from: { recordId: 'c' } });
    // `1980` is what a coarser source knows of `1980-03`: a losing value, not a conflict; the placeholder is one.
    expect(result.provenance.birthDate!.losing.map((l) => l.value)).toEqual(['1980', '1980-07-01']);
    expect(result.conflicts.find((c) => c.field === 'birthDate')?.alternatives.map((a) => a.value)).toEqual(['1980-07-01']);
  });

  it('ranks the formal channel by verification level', () => {
    const result = mergeCluster(
      [
        person({ source: 'musrenbang', recordId: 'v', channel: formal('village'), motherName: 'Aminah' }),
        person({ source: 'musrenbang', recordId: 'n', channel: formal('national'), motherName: 'Aminah Binti Contoh' }),
        person({ source: 'dtks', recordId: 'd', motherName: 'Aminah' }),
      ],
      persons,
    );
    expect(result.unified.motherName).toBe('Aminah Binti Contoh');
    expect(result.provenance.motherName!.rule).toBe('most-verified');
  });

  it('takes the newest address, then the more specific one (a village code beats a regency code)', () => {
    const regencyOnly = { provinceCode: '32', regencyCode: '3201' };
    const village = { provinceCode: '32', regencyCode: '3201', districtCode: '320101', villageCode: '3201012001' };
    const result = mergeCluster(
      [
        person({ source: 'dtks', recordId: 'a', address: regencyOnly, observedAt: '2024-03-01' }),
        person({ source: 'p3ke', recordId: 'b', address: village, observedAt: '2024-03-01' }),
        person({ source: 'dukcapil', recordId: 'c', address: regencyOnly, observedAt: '2019-03-01' }),
      ],
      persons,
    );
    expect(result.unified.address).toEqual(village);
    expect(result.provenance.address!.rule).toBe('most-complete');
    expect(result.conflicts.find((c) => c.field === 'address')?.severity).toBe('low');
  });

  it('breaks a full tie by (source, recordId), never by input order', () => {
    const records = [person({ source: 'x-agency', recordId: 'b', birthPlace: 'Bogor' }), person({ source: 'x-agency', recordId: 'a', birthPlace: 'Depok' })];
    const forward = mergeCluster(records, persons);
    const backward = mergeCluster([...records].reverse(), persons);
    expect(forward.unified.birthPlace).toBe('Depok');
    expect(forward.provenance.birthPlace!.rule).toBe('tie-break');
    expect(backward).toEqual(forward);
  });

  it('reports a field no record has as null with rule "missing"', () => {
    const result = mergeCluster([person({ source: 'dtks', recordId: 'a' })], persons);
    expect(result.unified.nik).toBeNull();
    expect(result.provenance.nik).toEqual({ value: null, rule: 'missing', from: null, losing: [] });
  });

  it('compares after normalisation: case, spacing and NIK separators are no conflict', () => {
    const result = mergeCluster(
      [
        person({ source: 'dukcapil', recordId: 'k', name: 'Siti Contoh', nik: NIK_A }),
        person({ source: 'dtks', recordId: 'd', name: '  SITI   contoh ', nik: NIK_A.replace(/(\d{6})(\d{6})/, '$1.$2.') }),
      ],
      persons,
    );
    expect(result.provenance.name!.rule).toBe('unanimous');
    expect(result.provenance.nik!.rule).toBe('unanimous');
    expect(result.conflicts).toEqual([]);
  });

  it('keeps a re-delivered record once: the later observation wins', () => {
    const result = mergeCluster(
      [
        person({ source: 'dtks', recordId: 'a', kk: KK_A, observedAt: '2023-01-01' }),
        person({ source: 'dtks', recordId: 'a', kk: KK_B, observedAt: '2024-01-01' }),
      ],
      persons,
    );
    expect(result.members).toEqual([{ source: 'dtks', recordId: 'a', observedAt: '2024-01-01' }]);
    expect(result.unified.kk).toBe(KK_B);
    expect(result.conflicts).toEqual([]);
  });

  it('merges caller fields in `extra` key by key, so none is dropped', () => {
    const result = mergeCluster(
      [
        person({ source: 'dtks', recordId: 'a', observedAt: '2023-01-01', extra: { pkhMember: true, income: 900_000 } }),
        person({ source: 'p3ke', recordId: 'b', observedAt: '2024-01-01', extra: { income: 1_200_000, desil: 1 } }),
      ],
      persons,
    );
    expect(result.unified.extra).toEqual({ desil: 1, income: 1_200_000, pkhMember: true });
    expect(result.provenance['extra.income']).toMatchObject({ rule: 'most-recent', from: { source: 'p3ke' } });
    expect(result.conflicts.map((c) => c.field)).toEqual(['extra.income']);
  });

  it('leaves conflicts below minimumSeverity out of the review queue', () => {
    const records = [
      person({ source: 'dukcapil', recordId: 'k', name: 'Siti Contoh', nik: NIK_A }),
      person({ source: 'dtks', recordId: 'd', name: 'Sitti Contoh', nik: NIK_B }),
    ];
    expect(mergeCluster(records, persons).conflicts.map((c) => c.field)).toEqual(['name', 'nik']);
    expect(mergeCluster(records, persons, { minimumSeverity: 'high' }).conflicts.map((c) => c.field)).toEqual(['nik']);
  });

  it('never puts an unknown field in the unified record, and never an envelope field', () => {
    const result = mergeCluster([person({ source: 'dtks', recordId: 'a' })], persons);
    expect(Object.keys(result.unified)).not.toContain('source');
    expect(Object.keys(result.unified)).not.toContain('channel');
  });
});

describe('mergeCluster: the citizen channel', () => {
  const base = [
    person({ source: 'dukcapil', recordId: 'k', maritalStatus: 'married', deceased: false }),
    person({ source: 'dtks', recordId: 'd', maritalStatus: 'married' }),
  ];

  it('an accepted correction wins for the fields it names, and only those', () => {
    const correction = person({
      source: 'citizen',
      recordId: 'c1',
      channel: citizen('accepted', ['maritalStatus']),
      maritalStatus: 'widowed',
      deceased: true, // not named: carries no weight
    });
    const result = mergeCluster([...base, correction], persons);
    expect(result.unified.maritalStatus).toBe('widowed');
    expect(result.provenance.maritalStatus).toMatchObject({ rule: 'citizen-accepted', from: { source: 'citizen' } });
    expect(result.unified.deceased).toBe(false);
    expect(result.history).toEqual([expect.objectContaining({ recordId: 'c1', status: 'accepted', fields: ['maritalStatus'] })]);
  });

  it('without a field list, a submission names the fields it carries', () => {
    const correction = {
      source: 'citizen',
      recordId: 'c2',
      observedAt: '2024-02-01',
      channel: citizen('accepted', undefined, 'objection'),
      deceased: true,
    } as unknown as MergePersonRecord;
    const result = mergeCluster([...base, correction], persons);
    expect(result.unified.deceased).toBe(true);
    expect(result.unified.name).toBe('Siti Contoh');
    expect(result.history[0]!.fields).toEqual(['deceased']);
  });

  it('an accepted correction that names a field and leaves it empty clears it', () => {
    const correction = person({ source: 'citizen', recordId: 'c3', channel: citizen('accepted', ['maritalStatus']) });
    const result = mergeCluster([...base, correction], persons);
    expect(result.unified.maritalStatus).toBeNull();
    expect(result.provenance.maritalStatus!.rule).toBe('citizen-accepted');
  });

  it('a pending one leaves the value and marks the field contested', () => {
    const proposal = person({
      source: 'citizen',
      recordId: 'c4',
      channel: citizen('pending', ['maritalStatus'], 'proposal'),
      maritalStatus: 'divorced',
    });
    const without = mergeCluster(base, persons);
    const result = mergeCluster([...base, proposal], persons);
    expect(result.unified).toEqual(without.unified);
    expect(result.contested).toEqual([
      {
        field: 'maritalStatus',
        value: 'married',
        proposals: [{ value: 'divorced', source: 'citizen', recordId: 'c4', observedAt: '2024-01-01', action: 'proposal' }],
      },
    ]);
  });

  it('a rejected one is kept in the history and changes nothing else', () => {
    const objection = person({
      source: 'citizen',
      recordId: 'c5',
      channel: citizen('rejected', ['maritalStatus'], 'objection'),
      maritalStatus: 'single',
    });
    const without = mergeCluster(base, persons);
    const result = mergeCluster([...base, objection], persons);
    expect({ ...result, history: [], members: [] }).toEqual({ ...without, history: [], members: [] });
    expect(result.history).toEqual([
      { source: 'citizen', recordId: 'c5', observedAt: '2024-01-01', action: 'objection', status: 'rejected', fields: ['maritalStatus'] },
    ]);
  });
});

describe('mergeCluster: families and dwellings use the same engine', () => {
  it('merges a family, comparing member lists as sets', () => {
    const families = compilePolicy(dtsenFamilyPolicy);
    const records: MergeFamilyRecord[] = [
      {
        source: 'dukcapil',
        recordId: 'f1',
        observedAt: '2023-01-01',
        channel: { kind: 'registry' },
        kk: KK_A,
        headNik: NIK_A,
        headName: 'Budi Contoh',
        memberNiks: [NIK_A, NIK_B],
      },
      {
        source: 'dtks',
        recordId: 'f2',
        observedAt: '2024-01-01',
        channel: { kind: 'survey' },
        kk: KK_A,
        headNik: NIK_A,
        headName: 'BUDI CONTOH',
        memberNiks: [NIK_B, NIK_A, NIK_A],
      },
    ];
    const result = mergeCluster(records, families);
    expect(result.unified).toMatchObject({ kk: KK_A, headNik: NIK_A, headName: 'Budi Contoh', memberNiks: [NIK_A, NIK_B] });
    expect(result.conflicts).toEqual([]);
  });

  it('takes housing attributes from the housing ministry as one value', () => {
    const dwellings = compilePolicy(dtsenDwellingPolicy);
    const records: MergeDwellingRecord[] = [
      { source: 'regsosek', recordId: 'h1', observedAt: '2024-06-01', channel: { kind: 'survey' }, headNik: NIK_A, housing: { roof: 'zinc', floor: 'earth' } },
      {
        source: 'housing',
        recordId: 'h2',
        observedAt: '2023-01-01',
        channel: { kind: 'registry' },
        headNik: NIK_B,
        housing: { roof: 'tile', floor: 'ceramic' },
      },
    ];
    const result = mergeCluster(records, dwellings);
    expect(result.unified.housing).toEqual({ roof: 'tile', floor: 'ceramic' });
    expect(result.unified.headNik).toBe(NIK_A);
    expect(result.conflicts.map((c) => [c.field, c.severity])).toEqual([
      ['headNik', 'medium'],
      ['housing', 'medium'],
    ]);
  });
});

describe('mergeCluster: caller policies', () => {
  it('runs a custom rule and records its name', () => {
    const policy = definePolicy<MergePersonRecord>({
      name: 'test',
      version: '1',
      fields: {
        name: {
          rules: [
            customRule<MergePersonRecord>('longest-name', (cs) => {
              const longest = Math.max(...cs.map((c) => String(c.value).length));
              return cs.filter((c) => String(c.value).length === longest);
            }),
            mostRecent(),
          ],
        },
      },
    });
    const result = mergeCluster(
      [person({ source: 'dtks', recordId: 'a', name: 'Siti' }), person({ source: 'p3ke', recordId: 'b', name: 'Siti Contoh' })],
      compilePolicy(policy),
    );
    expect(result.unified).toEqual({ name: 'Siti Contoh' });
    expect(result.provenance.name!.rule).toBe('custom:longest-name');
  });

  it('overrides one field of the DTSEN policy by spreading it', () => {
    const policy = definePolicy<MergePersonRecord>({
      ...dtsenPersonPolicy,
      version: '2026.1-test',
      fields: { ...dtsenPersonPolicy.fields, address: { rules: [sourcePriority(['dtks']), mostRecent()] } },
    });
    const result = mergeCluster(
      [
        person({ source: 'dtks', recordId: 'a', address: { villageCode: '3201012001' }, observedAt: '2020-01-01' }),
        person({ source: 'p3ke', recordId: 'b', address: { villageCode: '3201012002' } }),
      ],
      compilePolicy(policy),
    );
    expect(result.unified.address).toEqual({ villageCode: '3201012001' });
  });
});

describe('mergeCluster: edge cases', () => {
  it('a pending submission about a caller field nobody else has only flags it', () => {
    const proposal = person({
      source: 'citizen',
      recordId: 'c6',
      channel: citizen('pending', undefined, 'proposal'),
      extra: { disability: 'yes' },
    });
    const result = mergeCluster([person({ source: 'dtks', recordId: 'd' }), proposal], persons);
    expect(result.unified.extra).toBeUndefined();
    expect(result.provenance['extra.disability']).toBeUndefined();
    // Its name agrees with the record on file, so only the new field is contested.
    expect(result.contested.map((c) => [c.field, c.value])).toEqual([['extra.disability', null]]);
  });

  it('refuses an uncompiled policy and a custom rule that invents candidates', () => {
    expect(() => mergeCluster([person({ source: 'dtks', recordId: 'a' })], dtsenPersonPolicy as never)).toThrow(/compilePolicy/);
    const cheating = compilePolicy(
      definePolicy<MergePersonRecord>({
        name: 'cheat',
        version: '1',
        fields: { name: { rules: [customRule<MergePersonRecord>('invent', (cs) => [{ ...cs[0]! }])] } },
      }),
    );
    const records = [person({ source: 'dtks', recordId: 'a', name: 'A' }), person({ source: 'p3ke', recordId: 'b', name: 'B' })];
    expect(() => mergeCluster(records, cheating)).toThrow(expect.objectContaining({ code: 'invalid-policy' }));
    // The pooled workspace survives the throw.
    expect(mergeCluster(records, persons).unified.name).toBe('A');
  });
});
