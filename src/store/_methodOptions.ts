/**
 * The options bags of the entity store's methods, checked by both stores (in memory and PostgreSQL)
 * before any work: an unknown key is `invalid-config`, a wrong type `invalid-argument`, as for every
 * exported function (`checkOptionBag`). A refused call never reaches a write (the in-memory store
 * would otherwise rebuild its state from its log to undo it).
 */
import { checkOptionBag, invalidArgument, type OptionKinds } from '../_internal/arguments.js';

const RECORD_KINDS = ['person', 'family', 'dwelling'] as const;

/** By method name: the keys its options bag takes and their kinds (see `AddRecordsOptions`, `WithdrawOptions`, `LookupOptions`, `HistoryOptions`). */
export const STORE_METHOD_OPTIONS = {
  add: { validate: 'boolean', kind: RECORD_KINDS },
  withdraw: { by: 'string', at: 'string', kind: RECORD_KINDS },
  lookup: { limit: 'integer', explain: 'boolean' },
  history: { kind: RECORD_KINDS },
} as const satisfies Record<string, OptionKinds>;

/** Throws unless `options` is absent or a valid options bag of the store method `method`. */
export function checkStoreOptions(method: keyof typeof STORE_METHOD_OPTIONS, options: unknown): void {
  const fn = `EntityStore#${method}`;
  checkOptionBag(options, fn, STORE_METHOD_OPTIONS[method]);
  if (method === 'lookup') {
    const limit = (options as { limit?: number } | undefined)?.limit;
    if (limit !== undefined && limit < 0) throw invalidArgument(fn, 'options.limit', 'a whole number, 0 or more', limit);
  }
}
