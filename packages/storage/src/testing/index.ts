/**
 * @rustydb/storage/testing — test-only exports. Imports vitest: never import this from
 * production code.
 */
export {
  describeTableStore,
  type TableStoreHarness,
  type TableStoreSuiteOptions,
} from './table-store-conformance.js';
export { TestDatabase, type TestDatabaseOptions } from './test-database.js';
