import { createEntityStore } from '../../src/store/createEntityStore.js';
import { describeStoreConformance } from './conformance.js';

// The in-memory store against the shared EntityStore contract (the PostgreSQL store runs the same suite).
describeStoreConformance('in-memory store', async (options) => createEntityStore(options));
