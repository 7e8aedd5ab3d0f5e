import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Protects docs/guide.md: its model spec compiles (a config mistake in the guide would throw), and
// the documents it and --help name exist.
const root = resolve(import.meta.dirname, '../..');
const guide = readFileSync(join(root, 'docs/guide.md'), 'utf8');

describe('docs/guide.md', () => {
  it('has a model spec that compiles', () => {
    const snippet = guide.match(/```ts\n([\s\S]*?)```/)?.[1] ?? '';
    const file = join(mkdtempSync(join(tmpdir(), 'padan-guide-')), 'spec.mts');
    writeFileSync(
      file,
      `${snippet.replace("from 'padan'", `from ${JSON.stringify(join(root, 'src/index.ts'))}`)}
import { compileModel } from ${JSON.stringify(join(root, 'src/index.ts'))};
void resolvePersons;
process.stdout.write(compileModel(spec).comparisons.map((c) => c.name).join(','));
`,
    );
    expect(execFileSync(process.execPath, ['--import', 'tsx', file], { cwd: root, encoding: 'utf8' })).toBe('national-id,name,dob');
  });

  it('names only documents that exist', () => {
    for (const [doc] of guide.matchAll(/(?:docs|examples|src)\/[\w./-]+\.(?:md|ts)/g)) expect(() => readFileSync(join(root, doc))).not.toThrow();
  });
});
