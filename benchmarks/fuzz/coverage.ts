/**
 * Which runtime exports of the package have a fuzz entry. An export is a function or class, a zod
 * schema (an object with `safeParse`: callers hand it input), or data (strings, numbers, lists of
 * category names, frozen policies: nothing to hand input to, so nothing to fuzz). Every function,
 * class and schema of every entry point in package.json "exports" needs an entry, or an exemption
 * below with its reason.
 */
import type { EntryPoint } from './entryPoints.js';
import { ENTRY_POINT_MODULES, exportKind } from './exports.js';

/** Exports without a fuzz entry, each with why (keyed `<subpath> <name>`). None at present. */
export const EXEMPT: Readonly<Record<string, string>> = {};

/** The export an entry exercises (`bin:padan` the CLI, `internal:<name>` a building block no entry point exports): its `export`, else its name up to the first `.`, `(` or space (`EntityStore.add` → createEntityStore, whose store it calls). */
export function exportOfEntry(entry: EntryPoint): string {
  if (entry.export !== undefined) return entry.export;
  const head = entry.name.replace(/^report\./, '').split(/[.( ]/)[0] as string;
  return head === 'EntityStore' ? 'createEntityStore' : head; // the store's methods: what createEntityStore returns
}

export interface ExportRef {
  readonly subpath: string;
  readonly name: string;
  readonly kind: 'function' | 'schema';
}

/** Functions, classes and schemas of every entry point that no fuzz entry exercises and no exemption names. */
export function uncoveredExports(entries: readonly EntryPoint[]): ExportRef[] {
  const missing: ExportRef[] = [];
  for (const entryPoint of ENTRY_POINT_MODULES) {
    for (const [name, value] of Object.entries(entryPoint.module)) {
      const kind = exportKind(value);
      if (kind === 'data') continue;
      if (Object.prototype.hasOwnProperty.call(EXEMPT, `${entryPoint.subpath} ${name}`)) continue;
      const covered = entries.some((entry) => exportOfEntry(entry) === name && (entry.from === undefined || entry.from === entryPoint.subpath));
      if (!covered) missing.push({ subpath: entryPoint.subpath, name, kind });
    }
  }
  return missing;
}
