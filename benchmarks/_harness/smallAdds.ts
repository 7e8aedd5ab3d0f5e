/**
 * What the small-write benchmarks share (`_profileAdd.ts`, `_addStepsCpu.ts`, `groupStage.bench.ts`):
 * a generated population's person records read, validated and a model trained on them as the store
 * benchmarks do, and the newcomers their adds write.
 */
import { createReadStream, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { TrainedModel } from '../../src/model/modelSpec.js';
import { dtsenPersonModelSpec } from '../../src/presets/dtsenPersonModel.js';
import { resolvePersons } from '../../src/resolve.js';
import type { PersonRecord } from '../../src/schema/person.js';
import { validateBatch } from '../../src/schema/validate.js';

/** Appends to `raw` the person lines of a population `benchmarks/generate.ts` wrote (every `*.persons.ndjson` but the truth), parsed, in file-name order. */
export async function readPopulationPersons(dir: string, raw: unknown[]): Promise<unknown[]> {
  for (const file of readdirSync(dir)
    .filter((name) => name.endsWith('.persons.ndjson') && !name.startsWith('truth.'))
    .sort()) {
    for await (const line of createInterface({ input: createReadStream(join(dir, file)), crlfDelay: Infinity })) if (line !== '') raw.push(JSON.parse(line));
  }
  return raw;
}

/** Validates raw person records 100,000 at a time (emptying `raw`) and trains the DTSEN model on the first 60,000. */
export function validatedWithModel(raw: unknown[]): { records: PersonRecord[]; model: TrainedModel } {
  const records: PersonRecord[] = [];
  for (let i = 0; i < raw.length; i += 100_000) records.push(...validateBatch(raw.slice(i, i + 100_000), 'person', { malformedIds: 'keep-in-extra' }).valid);
  raw.length = 0;
  const model = resolvePersons(records.slice(0, Math.min(records.length, 60_000)), { validate: false, model: dtsenPersonModelSpec() }).model;
  return { records, model };
}

/**
 * The newcomers of the small-write benchmarks, from one seeded sequence: newcomer `i` copies a stored
 * record picked at random under a new key; an odd one is renamed with no NIK, no KK and another birth date.
 */
export function newcomerMaker(records: readonly PersonRecord[]): (i: number) => PersonRecord {
  let state = 5;
  const random = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  return (i) => {
    const base = records[Math.floor(random() * records.length)] as PersonRecord;
    return i % 2 === 0
      ? { ...base, source: 'citizen', recordId: `NEW-${i}`, observedAt: '2031-01-05' }
      : {
          ...base,
          source: 'citizen',
          recordId: `NEW-${i}`,
          observedAt: '2031-01-05',
          name: `${base.name} Zq${i}`,
          nik: null,
          kk: null,
          birthDate: '1933-03-03',
        };
  };
}
