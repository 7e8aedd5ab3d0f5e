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
    const person = records.find((record) => typeof record.birthDate === 'string' && record.birthDate.length === 10 && typeof record.name === 'string') as PersonRecord;
    const [year, month, day] = (person.birthDate as string).split('-');
    const iso = await store.lookup({ name: person.name, birthDate: person.birthDate, sex: person.sex });
    const written = await store.lookup({ name: person.name, birthDate: `${day}-${month}-${year}`, sex: person.sex === 'female' ? 'Perempuan' : 'Laki - Laki' });
    expect(iso.candidates.length).toBeGreaterThan(0);
    expect(written.candidates.map((candidate) => candidate.id)).toEqual(iso.candidates.map((candidate) => candidate.id));
    expect(written.candidates[0]?.matchWeight).toBe(iso.candidates[0]?.matchWeight);
  });
});
