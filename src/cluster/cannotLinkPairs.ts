import type { CompiledCannotLinkRule } from '../model/compileModel.js';

/**
 * Whether a pair's comparison vector is evidence of two people under one of the rules: every
 * condition of the rule holds (the pair's level on that comparison is one the rule lists). The rule
 * is the spec's, so a domain expert reads it in the model (see the DTSEN preset's
 * `twins-or-siblings`); this is only its evaluation.
 *
 * @example
 * // rule: nik at level 5 and name at level 4 or 5
 * pairCannotLink(rules, Uint8Array.of(5, 4), 0) // true
 * pairCannotLink(rules, Uint8Array.of(5, 1), 0) // false: the same name
 */
export function pairCannotLink(rules: readonly CompiledCannotLinkRule[], levels: Uint8Array, offset: number): boolean {
  for (const rule of rules) {
    let holds = true;
    for (const condition of rule.conditions) {
      if (condition.levels[levels[offset + condition.comparison] as number] !== 1) {
        holds = false;
        break;
      }
    }
    if (holds) return true;
  }
  return false;
}

/**
 * The indexes of the pairs (of `count` comparison vectors, `width` comparisons each) that a
 * cannot-link rule separates, ascending.
 *
 * @example
 * cannotLinkPairs(compiled.cannotLink, vectors.levels, vectors.comparisons, vectors.count) // Int32Array [17, 204, …]
 */
export function cannotLinkPairs(rules: readonly CompiledCannotLinkRule[], levels: Uint8Array, width: number, count: number): Int32Array {
  if (rules.length === 0) return new Int32Array(0);
  const found: number[] = [];
  for (let p = 0; p < count; p++) if (pairCannotLink(rules, levels, p * width)) found.push(p);
  return Int32Array.from(found);
}
