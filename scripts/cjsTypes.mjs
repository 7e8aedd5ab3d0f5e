// Writes the CommonJS build's declarations (`.d.cts`) from the ESM build's (`.d.ts`): the same
// types, with relative imports pointing at `.cjs` so TypeScript reads them as CommonJS. Run by
// `npm run build` after tsup, instead of a second declaration bundling pass (it doubled build time).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
for (const folder of ['', 'id', 'standardize', 'comparators', 'schema', 'report', 'synth']) {
  for (const name of readdirSync(join(dist, folder))) {
    if (!name.endsWith('.d.ts')) continue;
    const text = readFileSync(join(dist, folder, name), 'utf8').replace(/(from '\.{1,2}\/[^']+)\.js'/g, "$1.cjs'");
    writeFileSync(join(dist, folder, name.replace(/\.d\.ts$/, '.d.cts')), text);
  }
}
