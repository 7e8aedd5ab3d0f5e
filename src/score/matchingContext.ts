import { PadanError } from '../_internal/error.js';
import type { PreparedColumn } from '../model/column.js';
import type { CompiledModel } from '../model/compileModel.js';
import type { WeightTable } from './scorePairs.js';

/**
 * What a resolution keeps to explain a pair or a cluster, draw a report or carry term frequencies to
 * a partitioned run later: opaque to callers (its contents are the stages' working types, which may
 * change), read only by padan's own functions (`explainPair`, `explainCluster`, the report …).
 */
export interface MatchingContext {
  readonly kind: 'padan/matching-context';
}

/** The inside of a {@link MatchingContext}: the compiled model, the prepared columns and the weight table. */
export interface MatchingState extends MatchingContext {
  /** The records passed schema validation (`validate` was not turned off). */
  readonly validated: boolean;
  readonly compiled: CompiledModel;
  readonly columns: ReadonlyMap<string, PreparedColumn>;
  readonly weights: WeightTable;
}

/**
 * Wraps what resolution computed into the context its result carries.
 *
 * @example
 * matchingContext({ validated: true, compiled, columns, weights }).kind // 'padan/matching-context'
 */
export function matchingContext(state: Omit<MatchingState, 'kind'>): MatchingContext {
  const context: MatchingState = { kind: 'padan/matching-context', ...state };
  return context;
}

/**
 * The inside of a resolution's context; throws `invalid-argument` (naming `fn`) for anything that is
 * not one padan made.
 *
 * @example
 * const { compiled, columns } = matchingStateOf(resolution.context, 'explainPair');
 */
export function matchingStateOf(context: unknown, fn: string): MatchingState {
  const state = context as Partial<MatchingState> | null;
  if (
    typeof context !== 'object' ||
    state === null ||
    state.kind !== 'padan/matching-context' ||
    typeof state.compiled !== 'object' ||
    !(state.columns instanceof Map) ||
    typeof state.weights !== 'object'
  ) {
    throw new PadanError('invalid-argument', `${fn}: expected the result of resolvePersons or resolveRecords (its context is missing or not padan's)`);
  }
  // Checked above: a context with the kind padan gives it and the three parts every one carries.
  return state as MatchingState;
}
