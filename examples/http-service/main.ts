/**
 * Starts the service on a store of synthetic persons: `npm start` (PORT, default 3000).
 * A real service would load its model JSON (`parseModel`) and a store snapshot instead.
 */
import { createEntityStore, dtsenPersonPolicy, resolvePersons } from 'padan';
import { generateSources } from 'padan/synth';
import { createPadanServer } from './server.js';

const records = [];
for (const item of generateSources({ persons: 2000, seed: 1 })) if (item.kind === 'person') records.push(item.record);
const { model } = resolvePersons(records); // train once; keep the model JSON fixed for the store's life
const store = createEntityStore({ model, policy: dtsenPersonPolicy });
await store.add(records);

const port = Number(process.env.PORT ?? 3000);
const server = createPadanServer(store).listen(port, '127.0.0.1', () => {
  console.log(`padan service on http://127.0.0.1:${port} (${records.length} records)`);
});
process.on('SIGINT', () => server.close());
process.on('SIGTERM', () => server.close());
