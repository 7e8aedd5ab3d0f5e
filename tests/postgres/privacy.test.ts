import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createEntityStore } from '../../src/store/createEntityStore.js';
import { bulkLoadPostgresStore } from '../../src/store/postgres/bulkLoadPostgresStore.js';
import { pseudonymizeIdentifierDigits, pseudonymizeRecord } from '../../src/store/postgres/identifierPseudonyms.js';
import { openPostgresEntityStore } from '../../src/store/postgres/PostgresEntityStore.js';
import { compareNik } from '../../src/comparators/compareNik.js';
import { createTestDatabase, type TestDatabase } from '../_pg/testDatabase.js';
import { policy, syntheticRecords, trainedModel } from '../store/fixtures.js';

// Protects the privacy option: no NIK or KK reaches the database in clear, pseudonyms are a bijection
// that keeps exact and same-region-and-birth agreement (a property over random numbers), and a store
// on pseudonyms gives the in-memory store's result over the same pseudonymized records.

const key = 'a-test-key-of-at-least-32-chars!';
const sixteen = fc.stringMatching(/^\d{16}$/);

describe('NIK and KK pseudonyms', () => {
  it('are 16 digits, keep the date digits, and never give two numbers one pseudonym', () => {
    fc.assert(
      fc.property(sixteen, sixteen, (a, b) => {
        const pa = pseudonymizeIdentifierDigits(a, key, 'nik');
        const pb = pseudonymizeIdentifierDigits(b, key, 'nik');
        expect(pa).toMatch(/^\d{16}$/);
        expect(pa.slice(6, 12)).toBe(a.slice(6, 12));
        expect(pa === pb).toBe(a === b);
        // Same region and birth stays same region and birth; anything exact stays exact.
        const same = compareNik(a, b);
        if (same === 'exact' || same === 'same-region-and-birth') expect(compareNik(pa, pb)).toBe(same);
        expect(pa.slice(0, 12) === pb.slice(0, 12)).toBe(a.slice(0, 12) === b.slice(0, 12));
      }),
      { numRuns: 300 },
    );
    // Two numbers sharing their first 12 digits (twins in one district): distinct serials, distinct pseudonyms.
    const serials = new Set<string>();
    for (let s = 0; s < 10_000; s += 7) serials.add(pseudonymizeIdentifierDigits(`320101520590${String(s).padStart(4, '0')}`, key, 'nik').slice(12));
    expect(serials.size).toBe(Math.ceil(10_000 / 7));
    expect(pseudonymizeIdentifierDigits('3201015205900001', key, 'nik')).not.toBe(pseudonymizeIdentifierDigits('3201015205900001', key, 'kk'));
    expect(pseudonymizeIdentifierDigits('3201015205900001', key, 'nik')).not.toBe(pseudonymizeIdentifierDigits('3201015205900001', `${key}2`, 'nik'));
  });
});

describe('a PostgreSQL store keeping pseudonyms', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('stores no NIK or KK in clear and matches like the in-memory store on the same pseudonyms', async () => {
    const model = trainedModel();
    const records = syntheticRecords(120, 41);
    const pool = db.pool({ max: 2 });
    const store = await openPostgresEntityStore({ pool, model, policy, schema: 'private', pseudonyms: { key } });
    await store.add(records.slice(0, 80));
    await store.add(records.slice(80));

    const clear = new Set(records.flatMap((r) => [r.nik, r.kk]).filter((v): v is string => typeof v === 'string'));
    expect(clear.size).toBeGreaterThan(50);
    // Every table, the write log included.
    const dump =
      await pool.query(`SELECT (SELECT string_agg(coalesce(nik, '') || ' ' || coalesce(kk, '') || ' ' || record::text || coalesce(earlier::text, ''), ' ') FROM private.records)
      || (SELECT string_agg(record::text, ' ') FROM private.op_records) || (SELECT string_agg(key || ' ' || sort_key, ' ') FROM private.block_keys)
      || (SELECT string_agg(value, ' ') FROM private.term_counts) || coalesce((SELECT string_agg(item::text, ' ') FROM private.review), '') AS text`);
    const text = String(dump.rows[0]?.text);
    expect(text.length).toBeGreaterThan(10_000);
    for (const value of clear) expect(text.includes(value)).toBe(false);

    const memory = createEntityStore({ model, policy, validate: false });
    await memory.add(records.map((r) => pseudonymizeRecord(r, key)));
    expect(await store.entities()).toEqual(await memory.entities());
    // A probe in clear is validated, then pseudonymized, before it is compared: its NIK still counts.
    const probe = records[3];
    expect(await store.lookup(probe)).toEqual(await memory.lookup(pseudonymizeRecord(probe!, key)));
    expect((await store.lookup(probe)).candidates[0]?.decision).toBe('match');
    const nikOnly = (await store.lookup(probe)).candidates[0]?.explanation?.comparisons.find((c) => c.comparison === 'nik');
    if (probe?.nik) expect(nikOnly?.label).toMatch(/^exact/);

    // The key is checked on every open.
    await expect(openPostgresEntityStore({ pool, policy, schema: 'private' })).rejects.toThrow(/as pseudonyms/);
    await expect(openPostgresEntityStore({ pool, policy, schema: 'private', pseudonyms: { key: `${key}x` } })).rejects.toThrow(/key differs/);

    // Bulk loading with pseudonyms gives the same store.
    const resolved = createEntityStore({ model, policy });
    await resolved.add(records);
    await bulkLoadPostgresStore(pool, resolved, { schema: 'private_bulk', policy, pseudonyms: { key } });
    const loaded = await openPostgresEntityStore({ pool, policy, schema: 'private_bulk', pseudonyms: { key } });
    expect(await loaded.entities()).toEqual(await memory.entities());
  });
});
