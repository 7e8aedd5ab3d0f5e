import { PadanError } from '../_internal/error.js';
import type { ComparisonLevel, LevelContext, LevelKind, LevelSpec } from './level.js';
import { crossFieldLevelKind } from './levels/crossFieldLevel.js';
import { damerauLevenshteinLevelKind } from './levels/damerauLevenshteinLevel.js';
import { dateLevelKind } from './levels/dateLevel.js';
import { distinctNamesLevelKind } from './levels/distinctNamesLevel.js';
import { elseLevelKind } from './levels/elseLevel.js';
import { exactLevelKind } from './levels/exactLevel.js';
import { jaroWinklerLevelKind } from './levels/jaroWinklerLevel.js';
import { nameLevelKind } from './levels/nameLevel.js';
import { nikLevelKind } from './levels/nikLevel.js';
import { nullLevelKind } from './levels/nullLevel.js';
import { numericDifferenceLevelKind } from './levels/numericDifferenceLevel.js';
import { prefixLevelKind } from './levels/prefixLevel.js';

// The one list of level kinds: adding a kind is adding its file and one line here.
const kinds: readonly LevelKind<never>[] = [
  nullLevelKind,
  exactLevelKind,
  jaroWinklerLevelKind,
  damerauLevenshteinLevelKind,
  nameLevelKind,
  distinctNamesLevelKind,
  dateLevelKind,
  nikLevelKind,
  numericDifferenceLevelKind,
  prefixLevelKind,
  crossFieldLevelKind,
  elseLevelKind,
] as unknown as readonly LevelKind<never>[];

const byKind: ReadonlyMap<string, LevelKind<never>> = new Map(kinds.map((k) => [k.kind, k]));

/** The names of every level kind. */
export const LEVEL_KINDS: readonly string[] = [...byKind.keys()];

/** Validates a level spec and compiles it for its preparer's `context`; `where` names the comparison for the error message. */
export function compileLevel(spec: LevelSpec, where: string, context?: LevelContext, registered?: ReadonlyMap<string, LevelKind<never>>): ComparisonLevel {
  const kind = registered?.get(spec.kind) ?? byKind.get(spec.kind);
  if (kind === undefined) {
    throw new PadanError(
      'invalid-model',
      `${where}: unknown level kind "${String(spec.kind)}" (known: ${[...LEVEL_KINDS, ...(registered?.keys() ?? [])].join(', ')})`,
    );
  }
  const parsed = kind.schema.safeParse(spec);
  if (!parsed.success) {
    throw new PadanError(
      'invalid-model',
      `${where}: invalid "${spec.kind}" level: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(level)'}: ${i.message}`).join('; ')}`,
    );
  }
  return (kind.compile as (s: LevelSpec, c?: LevelContext) => ComparisonLevel)(parsed.data as LevelSpec, context);
}
