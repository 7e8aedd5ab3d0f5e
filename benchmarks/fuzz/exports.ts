/**
 * The package's entry points, as `package.json` "exports" lists them, each loaded from its source
 * (`./dist/report/index.js` ← `src/report/index.ts`), and every runtime export of each. The fuzz
 * entries find the function they call here by export name, so a name that moves from `padan` to a
 * subpath (`padan/id`) keeps its fuzz entry; the coverage test reads the same list, so a new entry
 * point or export without a fuzz entry fails it.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** One entry point of the package: its subpath (`.`, `./report`), its source file and what it exports. */
export interface PackageEntryPoint {
  readonly subpath: string;
  /** The specifier a user imports: `padan`, `padan/report`. */
  readonly specifier: string;
  readonly source: string;
  readonly module: Readonly<Record<string, unknown>>;
}

/** The subpaths of package.json "exports" that are code, with the source file each is built from. */
export function packageEntrySources(): { subpath: string; source: string }[] {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, unknown> };
  const out: { subpath: string; source: string }[] = [];
  for (const [subpath, target] of Object.entries(pkg.exports)) {
    const built =
      typeof target === 'string'
        ? target
        : (((target as { import?: { default?: string } | string }).import as { default?: string } | undefined)?.default ??
          (typeof (target as { import?: unknown }).import === 'string' ? (target as { import: string }).import : undefined));
    if (built === undefined || !/^\.\/dist\/.+\.js$/.test(built)) continue; // ./package.json and other non-code files
    out.push({ subpath, source: built.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts') });
  }
  return out;
}

/** Loads every entry point's source module. */
export async function loadEntryPoints(): Promise<PackageEntryPoint[]> {
  const pkgName = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string }).name;
  const out: PackageEntryPoint[] = [];
  for (const { subpath, source } of packageEntrySources()) {
    const module = (await import(pathToFileURL(join(root, source)).href)) as Record<string, unknown>;
    out.push({ subpath, specifier: subpath === '.' ? pkgName : `${pkgName}/${subpath.slice(2)}`, source, module });
  }
  return out;
}

export const ENTRY_POINT_MODULES: readonly PackageEntryPoint[] = await loadEntryPoints();

/**
 * Every runtime export of every entry point by name (the root's first, then the subpaths'), typed
 * loosely on purpose: the fuzz entries reach functions by name wherever they live.
 */
export const api: Readonly<Record<string, any>> = Object.assign({}, ...[...ENTRY_POINT_MODULES].reverse().map((e) => e.module));

/** The entry point (subpath) that exports `name` as `value`, or every one that does. */
export function whereExported(name: string): PackageEntryPoint[] {
  return ENTRY_POINT_MODULES.filter((e) => Object.prototype.hasOwnProperty.call(e.module, name));
}

/** What kind of runtime export a value is: something a caller hands input to, or data. */
export function exportKind(value: unknown): 'function' | 'schema' | 'data' {
  if (typeof value === 'function') return 'function';
  if (typeof value === 'object' && value !== null && typeof (value as { safeParse?: unknown }).safeParse === 'function') return 'schema';
  return 'data';
}
