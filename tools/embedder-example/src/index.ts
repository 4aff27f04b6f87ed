/**
 * @rustydb/embedder-example — how an application extends RustyDB with its own storage: a table
 * access method (`LogStore`, `CREATE TABLE … USING log`) and an ordered index access method
 * (`SortedArrayIndex`, `CREATE INDEX … USING sorted`), registered through
 * `Database.open(dir, { tableStores, indexMethods })`. It depends on `@rustydb/engine`'s public
 * exports only; its tests run the shared conformance suites of `@rustydb/storage/testing` and
 * `@rustydb/index/testing`, then SQL over a real database. docs/extending.md walks through it.
 */
export { exampleAccessMethods, type ExampleAccessMethods } from './methods.js';
export { LogStore, LOG_STORE_SLOTS_PER_PAGE } from './log-store.js';
export { SortedArrayIndex } from './sorted-array-index.js';
