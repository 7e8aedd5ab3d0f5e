/**
 * What padan costs an application: the minified (and gzipped) bundle esbuild makes for one import
 * from the built package, and the time `import('padan')` takes in a fresh Node process.
 *
 *   npm run build && npx tsx scripts/measureSize.ts [--import-time 15]
 *
 * tests/package/size.test.ts checks the bundle sizes against scripts/sizeBudget.json.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface BundleSize {
  readonly name: string;
  readonly bytes: number;
  readonly gzipBytes: number;
  readonly budget: number;
}

/** `import { x } from 'padan/entry'` → the module text esbuild bundles. */
function entryCode(name: string): string {
  const match = name.match(/^import (\* |\{ (\w+) \} )from '([^']+)'$/);
  if (match === null) throw new Error(`cannot read ${name}`);
  const [, , member, from] = match;
  return member === undefined ? `import * as all from '${from}'; globalThis.keep = all;` : `import { ${member} } from '${from}'; globalThis.keep = ${member};`;
}

/** Minified bundles of each budgeted import, built from dist/ (run `npm run build` first). */
export async function measureBundles(): Promise<BundleSize[]> {
  const { budgets } = JSON.parse(readFileSync(join(root, 'scripts/sizeBudget.json'), 'utf8')) as { budgets: Record<string, number> };
  const sizes: BundleSize[] = [];
  for (const [name, budget] of Object.entries(budgets)) {
    const result = await build({
      stdin: { contents: entryCode(name), resolveDir: root, loader: 'js' },
      bundle: true,
      minify: true,
      format: 'esm',
      platform: 'node',
      write: false,
      logLevel: 'silent',
    });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    sizes.push({ name, bytes: code.length, gzipBytes: gzipSync(code).length, budget });
  }
  return sizes;
}

/** Median wall time of `import(entry)` over fresh processes, in ms (module loading and evaluation only). */
export function measureImportTime(entry: string, runs: number, kind: 'import' | 'require' = 'import'): number {
  const times: number[] = [];
  const load =
    kind === 'import'
      ? `await import(${JSON.stringify(entry)})`
      : `(await import('node:module')).createRequire(${JSON.stringify(join(root, 'package.json'))})(${JSON.stringify(entry)})`;
  for (let i = 0; i < runs; i++) {
    const run = spawnSync(
      process.execPath,
      ['--input-type=module', '-e', `const t = performance.now(); ${load}; process.stdout.write(String(performance.now() - t));`],
      { cwd: root, encoding: 'utf8' },
    );
    times.push(Number(run.stdout));
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
  console.log('| import | minified | gzipped | budget |\n|---|---|---|---|');
  for (const size of await measureBundles()) console.log(`| \`${size.name}\` | ${kb(size.bytes)} | ${kb(size.gzipBytes)} | ${kb(size.budget)} |`);
  const at = process.argv.indexOf('--import-time');
  if (at >= 0) {
    const runs = Number(process.argv[at + 1] ?? 15);
    for (const [entry, kind] of [
      ['padan', 'import'],
      ['padan', 'require'],
      ['padan/synth', 'import'],
    ] as const) {
      console.log(`${kind} '${entry}': median ${measureImportTime(entry, runs, kind).toFixed(1)} ms over ${runs} fresh processes`);
    }
  }
}
