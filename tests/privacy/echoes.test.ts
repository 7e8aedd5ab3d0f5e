import { describe, expect, it } from 'vitest';
import { compilePolicy, dtsenPersonPolicy, explainCluster, parseModel, PadanError, resolvePersons, loadStoreSnapshot } from '../../src/index.js';
import { parseNik } from '../../src/id/index.js';
import { validatePerson } from '../../src/schema/index.js';

// The same NIK as the parsers accept it: slash, underscore, tab, NBSP, full-width digits.
const WRITTEN = [
  '3201/0152/0590/0001',
  '3201_0152_0590_0001',
  '3201\t0152\t0590\t0001',
  '3201\u00a00152\u00a00590\u00a00001',
  '３２０１０１５２０５９００００１',
];

function thrown(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PadanError);
    const e = error as PadanError;
    return [e.message, ...e.details, String(e)].join('\n');
  }
  throw new Error('expected a throw');
}

async function rejected(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(PadanError);
    return [(error as PadanError).message, ...(error as PadanError).details].join('\n');
  }
  throw new Error('expected a rejection');
}

function expectNoNik(text: string): void {
  const digits = text.replace(/[\s\p{Cf}._/-]/gu, '').replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10));
  expect(digits).not.toContain('3201015205900001');
}

describe('no full NIK echoed in an error (regression: separators the redaction missed)', () => {
  it.each(WRITTEN)('parseNik referenceDate %j', (nik) => {
    expectNoNik(thrown(() => parseNik('3201015205900001', { referenceDate: nik })));
  });

  it.each(WRITTEN)('compilePolicy, parseModel, explainCluster, unknown options %j', (nik) => {
    expectNoNik(thrown(() => compilePolicy({ ...dtsenPersonPolicy, [nik]: 1 } as never)));
    expectNoNik(thrown(() => parseModel(JSON.stringify({ kind: nik }))));
    expectNoNik(thrown(() => parseModel(`{"kind": "padan/model", "version": 1, ${JSON.stringify(nik)}: 1}`)));
    expectNoNik(thrown(() => validatePerson({}, { [nik]: true } as never)));
    expectNoNik(thrown(() => explainCluster(resolvePersons([]), nik as never)));
  });

  it.each(WRITTEN)('the snapshot header %j', async (nik) => {
    const header = JSON.stringify({ format: nik, version: nik });
    expectNoNik(await rejected(() => loadStoreSnapshot([header], {} as never)));
  });
});
