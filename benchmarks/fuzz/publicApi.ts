/**
 * Everything the fuzzer calls by name: the exports of padan's entry points in package.json
 * (`padan`, `padan/id`, `padan/standardize`, `padan/comparators`, `padan/schema`; `padan/report` is
 * fuzzed under `report.`, `padan/synth` by `generateSources`, `padan/postgres` needs a database).
 * Their names do not overlap, so one namespace holds them all.
 */
export * from '../../src/index.js';
export * from '../../src/id/index.js';
export * from '../../src/standardize/index.js';
export * from '../../src/comparators/index.js';
export * from '../../src/schema/index.js';
