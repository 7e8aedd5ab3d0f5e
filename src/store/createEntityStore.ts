import { EntityStore } from './EntityStore.js';
import type { CreateEntityStoreOptions } from './types.js';

/**
 * Creates an empty entity store over a fixed trained model and a merge policy.
 *
 * @example
 * const { model } = resolvePersons(sample); // train once, keep the JSON
 * const store = createEntityStore({ model, policy: dtsenPersonPolicy });
 * store.add(records).created.length // persons found in the first batch
 */
export function createEntityStore(options: CreateEntityStoreOptions): EntityStore {
  return new EntityStore(options);
}
