import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Protects the examples a ministry developer would copy: they run, and the generic-model example
// finds exactly the 400 generated patients (its data is seeded, so the count is known).
const root = resolve(import.meta.dirname, '..');

describe('examples', () => {
  it('matches non-DTSEN tabular records with a custom model', () => {
    const output = execFileSync(process.execPath, ['--import', 'tsx', 'examples/custom-model.ts'], { cwd: root, encoding: 'utf8' });
    expect(output).toMatch(/^683 records → 400 patients$/m);
    expect(output).toMatch(/national-id: exact/);
  });
});
