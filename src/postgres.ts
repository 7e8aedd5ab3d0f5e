/**
 * padan/postgres: the entity store kept in PostgreSQL. A separate entry point so that importing
 * `padan` never loads a database driver; the caller creates the `pg.Pool` and hands it in.
 */
export { openPostgresEntityStore, PostgresEntityStore, type OpenPostgresEntityStoreOptions } from './store/postgres/PostgresEntityStore.js';
export { migratePostgresStore, POSTGRES_SCHEMA_VERSION, type MigratePostgresStoreOptions, type MigrationReport } from './store/postgres/migrations.js';
export { bulkLoadPostgresStore, type BulkLoadPostgresStoreOptions, type BulkLoadReport } from './store/postgres/bulkLoadPostgresStore.js';
export { exportPostgresSnapshot } from './store/postgres/exportPostgresSnapshot.js';
export type { IdentifierPseudonyms } from './store/postgres/identifierPseudonyms.js';
export type { PostgresClient, PostgresPool, PostgresResult } from './store/postgres/types.js';
