import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SHIPPED_MAPPINGS } from '../../src/read/columnMapping.js';
import { readRecords, type FileFacts } from '../../src/read/readRecords.js';
import { validateBatch } from '../../src/schema/validate.js';
import { splitNameTitles } from '../../src/standardize/splitNameTitles.js';

// The shipped column mappings (docs/INPUTS.md says what each is based on), each on a fixture written
// with its column names the way an export writes them (upper case). Synthetic people only.

const FIXTURES = {
  dtks: '../fixtures/messy-export.csv',
  regsosek: '../fixtures/regsosek-export.csv',
  p3ke: '../fixtures/p3ke-export.csv',
} as const;

async function read(name: keyof typeof FIXTURES): Promise<{ records: Record<string, unknown>[]; facts: FileFacts }> {
  const facts = {} as FileFacts;
  const records: Record<string, unknown>[] = [];
  for await (const item of readRecords(fileURLToPath(new URL(FIXTURES[name], import.meta.url)), { mapping: SHIPPED_MAPPINGS[name], facts })) {
    if (item.kind === 'record') records.push({ source: name, observedAt: '2024-03-01', ...item.record });
  }
  return { records, facts };
}

describe('shipped column mappings on their fixtures', () => {
  it.each(['dtks', 'regsosek', 'p3ke'] as const)('%s: every person column maps onto a padan field, 0 records refused', async (name) => {
    const { records, facts } = await read(name);
    expect(records.length).toBeGreaterThanOrEqual(3);
    // The identity and person columns of the fixture all land on padan fields, not in extra.
    for (const field of ['recordId', 'name', 'nik', 'kk', 'sex', 'birthDate', 'relationship', 'maritalStatus']) expect(facts.fields).toContain(field);
    const batch = validateBatch(records, 'person');
    expect(batch.rejected).toEqual([]);
    // The name as written, its titles apart (issue 16).
    const written = records.map((r) => (typeof r.name === 'string' ? splitNameTitles(r.name.trim().replace(/\s+/g, ' ')) : { name: r.name, titles: [] }));
    expect(batch.valid.map((r) => r.name)).toEqual(written.map((split) => split.name));
    expect(batch.valid.map((r) => r.titles ?? [])).toEqual(written.map((split) => split.titles));
    expect(written.some((split) => split.titles.length > 0)).toBe(name !== 'regsosek');
    // Sex and relationship read on the rows that carry a readable value (the DTKS fixture has one
    // unreadable sex on purpose), so the mapping put the right column there.
    const readable = name === 'dtks' ? batch.valid.length - 1 : batch.valid.length;
    expect(batch.valid.filter((record) => record.sex === 'female' || record.sex === 'male').length).toBeGreaterThanOrEqual(readable);
    expect(batch.valid.filter((record) => record.relationship !== undefined).length).toBeGreaterThanOrEqual(readable);
  });

  it('each mapping names only padan fields, and its keys are column keys', () => {
    for (const mapping of Object.values(SHIPPED_MAPPINGS)) {
      for (const [column, field] of Object.entries(mapping)) {
        expect(column).toMatch(/^[a-z0-9_]+$/);
        expect(field).toMatch(
          /^(?:recordId|name|nik|kk|sex|birthDate|birthPlace|motherName|relationship|maritalStatus|address\.(?:text|rt|rw|rtRw|villageCode|districtCode|regencyCode|provinceCode|postalCode))$/,
        );
      }
    }
  });
});
