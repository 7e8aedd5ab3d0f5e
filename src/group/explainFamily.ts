import { checkObject, invalidArgument } from '../_internal/arguments.js';
import { checkIndex } from '../_internal/resolutionArguments.js';
import { PadanError } from '../_internal/error.js';
import type { FamilyEvent, FamilyGrouping, FamilyLink } from './groupFamilies.js';

/** Why a family is what it is: the card links inside it, the links to other families, its events. */
export interface FamilyExplanation {
  readonly id: string;
  readonly kks: readonly string[];
  /** Typo and reissue links that joined its cards, strongest first. */
  readonly joined: readonly FamilyLink[];
  /** Links to cards of other families (splits, merges, or too little in common), strongest first. */
  readonly apart: readonly FamilyLink[];
  /** Splits, merges and reissues it took part in. */
  readonly events: readonly FamilyEvent[];
}

/**
 * Explains one family of a grouping: which cards were joined and on what evidence (members shared,
 * KK numbers one typo apart, head carried over, same address, score), and which were kept apart.
 *
 * @example
 * const why = explainFamily(grouping, grouping.familyOf[0]);
 * why.joined[0] // { kind: 'kk-reissue', sharedMembers: [4, 5, 6], headCarriedOver: true, score: 1, … }
 */
export function explainFamily(grouping: FamilyGrouping, family: number): FamilyExplanation {
  checkObject(grouping, 'explainFamily', 'grouping');
  if (!Array.isArray(grouping.families as unknown)) throw invalidArgument('explainFamily', 'grouping', 'the result of groupFamilies', grouping);
  checkIndex(family, grouping.families.length, 'explainFamily', 'family');
  const unified = grouping.families[family];
  if (unified === undefined) throw new PadanError('invalid-argument', `explainFamily: no family ${family}`);
  const joined: FamilyLink[] = [];
  const apart: FamilyLink[] = [];
  for (const link of grouping.links) {
    const older = grouping.cards[link.older]?.family;
    const newer = grouping.cards[link.newer]?.family;
    if (older !== family && newer !== family) continue;
    (link.joined && older === newer ? joined : apart).push(link);
  }
  const byScore = (a: FamilyLink, b: FamilyLink): number => b.score - a.score || a.older - b.older || a.newer - b.newer;
  const events = grouping.events.filter((event) => (event.kind === 'reissue' ? event.family === family : event.from === family || event.to === family));
  return { id: unified.id, kks: unified.kks, joined: joined.sort(byScore), apart: apart.sort(byScore), events };
}
