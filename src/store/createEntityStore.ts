import { checkOptionBag } from '../_internal/arguments.js';
import { MemoryEntityStore } from './MemoryEntityStore.js';
import type { CreateEntityStoreOptions } from './types.js';

/**
 * Creates an empty in-memory entity store over a fixed trained model and a merge policy. Every
 * operation returns a Promise (the {@link EntityStore} contract the PostgreSQL store shares).
 *
 * @example
 * const { model } = resolvePersons(sample); // train once, keep the JSON
 * const store = createEntityStore({ model, policy: dtsenPersonPolicy });
 * (await store.add(records)).created.length // persons found in the first batch
 */
export function createEntityStore(options: CreateEntityStoreOptions): MemoryEntityStore {
  checkOptionBag(options, 'createEntityStore', { model: 'object', policy: 'object', validate: 'boolean', registry: 'object' });
  return new MemoryEntityStore(options);
}
