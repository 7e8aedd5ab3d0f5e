import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { measureBundles } from '../../scripts/measureSize.js';
import { packTarball, ROOT } from '../_package/packed.js';

// Protects the size budget (issue 23): the minified bundle an application gets for each import
// stays within scripts/sizeBudget.json; in particular the NIK toolkit does not carry zod.
describe('bundle size budget', () => {
  it('keeps every budgeted import within its budget', { timeout: 300_000 }, async () => {
    if (!existsSync(join(ROOT, 'dist/index.js'))) packTarball(); // builds dist/ when missing
    const over = (await measureBundles()).filter((size) => size.bytes > size.budget).map((size) => `${size.name}: ${size.bytes} bytes > budget ${size.budget}`);
    expect(over).toEqual([]);
  });
});
