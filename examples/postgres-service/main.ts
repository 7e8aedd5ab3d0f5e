/**
 * An objection desk's service on the PostgreSQL entity store: several of these (one per office, or
 * behind a load balancer) share one database; each adds, looks up, withdraws and records a steward's
 * decisions through the same store, and sees what the others committed. Lookups and reads come from
 * the database; the first write of a service builds its in-memory replica (warmed here at start).
 *
 *   DATABASE_URL=postgres://user@host/db npm start     (serves on PORT, default 8080)
 */
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { dtsenPersonPolicy } from 'padan';
import { openPostgresEntityStore } from 'padan/postgres';
import { createDeskServer } from './desk.js';
import { deskModel, deskRecords } from './model.js';

const url = process.env.DATABASE_URL;
if (url === undefined || url === '') {
  console.error('Set DATABASE_URL to a PostgreSQL database (the store creates its tables in schema "desk").');
  process.exit(2);
}
const pool = new pg.Pool({ connectionString: url, max: 4 });
// The model is needed only to create the store; later services read it from the database.
const store = await openPostgresEntityStore({ pool, model: deskModel(deskRecords(300, 12)), policy: dtsenPersonPolicy, schema: 'desk' });
void store.warmReplica();
const server = createDeskServer(store);
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1', () => console.log(`desk service on http://127.0.0.1:${(server.address() as AddressInfo).port}`));
const stop = (): void => {
  server.close(() => void pool.end());
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
