import { describe, expect, it } from 'vitest';
import type { PersonRecord } from '../../src/schema/person.js';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { policy, syntheticRecords, trainedModel } from './fixtures.js';

// Regression (issue 16): store.lookup with birthDate '17-08-1980' found no candidates and said nothing,
// because a bare probe was not normalized. Synthetic records only.

describe('EntityStore#lookup with export forms', async () => {
  it('finds the same person whether the probe writes its birth date as ISO or DD-MM-YYYY', async () => {
    const records = syntheticRecords(60, 5);
    const store = createEntityStore({ model: trainedModel(), policy });
    await store.add(records);
    const person = records.find(
      (record) => typeof record.birthDate === 'string' && record.birthDate.length === 10 && typeof record.name === 'string',
    ) as PersonRecord;
    const [year, month, day] = (person.birthDate as string).split('-');
    const iso = await store.lookup({ name: person.name, birthDate: person.birthDate, sex: person.sex });
    const written = await store.lookup({ name: person.name, birthDate: `${day}-${month}-${year}`, sex: person.sex === 'female' ? 'Perempuan' : 'Laki - Laki' });
    expect(iso.candidates.length).toBeGreaterThan(0);
    expect(written.candidates.map((candidate) => candidate.id)).toEqual(iso.candidates.map((candidate) => candidate.id));
    expect(written.candidates[0]?.matchWeight).toBe(iso.candidates[0]?.matchWeight);
  });

  it('keeps titles apart in stored records and unified entities; a titled probe finds the same person (issue 16)', async () => {
    const records = syntheticRecords(60, 5);
    const person = records.find(
      (record) => typeof record.birthDate === 'string' && record.birthDate.length === 10 && typeof record.name === 'string' && record.titles === undefined,
    ) as PersonRecord;
    const titled = { ...person, recordId: `${person.recordId}-T`, source: 'p3ke', name: `Hj. ${person.name as string}, S.Pd.` };
    const store = createEntityStore({ model: trainedModel(), policy });
    await store.add([...records, titled]);
    const id = (await store.entityOfRecord({ source: 'p3ke', recordId: titled.recordId })) as string;
    const entity = await store.entity(id);
    // Matched with the same person's record written without titles.
    expect(entity?.records.some((record) => record.source === person.source && record.recordId === person.recordId)).toBe(true);
    expect(entity?.records.find((record) => record.source === 'p3ke')).toMatchObject({ name: person.name, titles: ['Hj.', 'S.Pd.'] });
    expect(entity?.merge.unified).toMatchObject({ name: person.name, titles: ['Hj.', 'S.Pd.'] });
    expect(entity?.merge.provenance['titles']).toMatchObject({ from: { source: 'p3ke', recordId: titled.recordId } });
    const plain = await store.lookup({ name: person.name, birthDate: person.birthDate, sex: person.sex });
    const withTitles = await store.lookup({ name: `Hj. ${person.name as string}, S.Pd.`, birthDate: person.birthDate, sex: person.sex });
    expect(withTitles.candidates.map((candidate) => [candidate.id, candidate.matchWeight])).toEqual(
      plain.candidates.map((candidate) => [candidate.id, candidate.matchWeight]),
    );
  });
});
