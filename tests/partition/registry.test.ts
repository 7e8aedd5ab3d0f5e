import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PadanError } from '../../src/_internal/error.js';
import { runPartitioned } from '../../src/cli/partitioned.js';
import { loadRegistryModule, registryModuleSpecifier } from '../../src/cli/registryModule.js';
import {
  createEntityStore,
  dtsenPersonModelSpec,
  dtsenPersonPolicy,
  resolvePartitioned,
  resolvePersons,
  trainOnSample,
  type ModelSpecInput,
} from '../../src/index.js';
import { generateSources } from '../../src/synth/index.js';
import callerRegistry from './_callerRegistry.js';

// Protects open registries beyond resolveRecords: a model that names a caller's preparer runs in the
// entity store and in partitioned runs, in this process (the registry object) and in worker threads
// (the registry's module, which each thread imports), and gives what the same built-in gives.
const REGISTRY_MODULE = fileURLToPath(new URL('./_callerRegistry.ts', import.meta.url));
const presetSpec = dtsenPersonModelSpec();
const callerSpec = JSON.parse(JSON.stringify(presetSpec).replaceAll('"name:indonesian"', '"caller-name"')) as ModelSpecInput;
const records: unknown[] = [];
for (const item of generateSources({ persons: 120, seed: 5 })) if (item.kind === 'person') records.push(item.record);

/** Each person as the sorted keys of its records, sorted: IDs aside, the partition of the records. */
function personsOf(assignments: readonly { source: string; recordId: string; personId: string }[]): string[] {
  const byPerson = new Map<string, string[]>();
  for (const a of assignments) byPerson.set(a.personId, [...(byPerson.get(a.personId) ?? []), `${a.source}/${a.recordId}`]);
  return [...byPerson.values()].map((keys) => keys.sort().join(' ')).sort();
}

describe('a caller’s registry in the store and in partitioned runs', () => {
  const preset = trainOnSample(records, { spec: presetSpec });
  const caller = trainOnSample(records, { spec: callerSpec, registry: callerRegistry });

  it('trains as the built-in it copies, and is refused without its registry with a typed error', () => {
    expect(caller.model.parameters).toEqual(preset.model.parameters);
    expect(() => trainOnSample(records, { spec: callerSpec })).toThrow(PadanError);
    expect(() => resolvePersons(records, { model: caller.model })).toThrow(/unknown preparer "caller-name"/);
  });

  it('resolvePartitioned takes it and gives the built-in’s persons and IDs', () => {
    const withBuiltIn = resolvePartitioned(records, preset);
    const withCaller = resolvePartitioned(records, caller);
    expect(withCaller.assignments).toEqual(withBuiltIn.assignments);
    expect(personsOf(withCaller.assignments).length).toBeLessThan(records.length);
    expect(() => resolvePartitioned(records, { model: caller.model })).toThrow(/unknown preparer "caller-name"/);
  });

  it('the entity store takes it: the same entities as with the built-in', async () => {
    const entitiesOf = async (store: ReturnType<typeof createEntityStore>) => (await store.entities()).map((e) => ({ id: e.id, records: e.records }));
    const builtIn = createEntityStore({ model: preset.model, policy: dtsenPersonPolicy });
    await builtIn.add(records as never);
    const withCaller = createEntityStore({ model: caller.model, policy: dtsenPersonPolicy, registry: callerRegistry });
    await withCaller.add(records as never);
    expect(await entitiesOf(withCaller)).toEqual(await entitiesOf(builtIn));
    expect(() => createEntityStore({ model: caller.model, policy: dtsenPersonPolicy })).toThrow(/unknown preparer "caller-name"/);
  });
});

describe('registry modules, for jobs in other threads and processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'padan-registry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names a path so that every process finds it; a package name stays', () => {
    expect(registryModuleSpecifier('./rules.mjs', '/srv/run')).toBe('file:///srv/run/rules.mjs');
    expect(registryModuleSpecifier('/srv/rules.mjs')).toBe('file:///srv/rules.mjs');
    expect(registryModuleSpecifier('@ministry/padan-rules')).toBe('@ministry/padan-rules');
    expect(() => registryModuleSpecifier('')).toThrow(PadanError);
  });

  it('loads the default or `registry` export, and says which module failed and why', async () => {
    expect(await loadRegistryModule(pathToFileURL(REGISTRY_MODULE).href)).toBe(callerRegistry);
    const missing = pathToFileURL(join(dir, 'no-such-rules.mjs')).href;
    await expect(loadRegistryModule(missing)).rejects.toMatchObject({
      name: 'PadanError',
      code: 'invalid-config',
      message: expect.stringContaining(`registry module "${missing}" cannot be imported`),
    });
    const none = pathToFileURL(fileURLToPath(new URL('./_noRegistry.ts', import.meta.url))).href;
    await expect(loadRegistryModule(none)).rejects.toMatchObject({ code: 'invalid-config', message: expect.stringContaining('exports no model registry') });
  });

  it('runPartitioned on a worker thread: the registry module named once, the built-in’s output', async () => {
    writeFileSync(join(dir, 'persons.ndjson'), `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const run = (out: string, extra: object) => runPartitioned({ persons: [join(dir, 'persons.ndjson')], out: join(dir, out), workers: 1, ...extra });
    await run('builtin', { model: presetSpec });
    await run('caller', { model: callerSpec, registry: REGISTRY_MODULE });
    for (const file of ['persons.ndjson', 'links.csv', 'review.ndjson', 'families.ndjson']) {
      expect(readFileSync(join(dir, 'caller', file), 'utf8'), file).toBe(readFileSync(join(dir, 'builtin', file), 'utf8'));
    }
    await expect(run('missing', { model: callerSpec, registry: join(dir, 'no-such-rules.mjs') })).rejects.toMatchObject({ code: 'invalid-config' });
    await expect(run('unregistered', { model: callerSpec })).rejects.toThrow(/unknown preparer "caller-name"/);
  }, 240_000);
});
