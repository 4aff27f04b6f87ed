/**
 * @rustydb/index/testing — test-only exports. Imports vitest: never import this from
 * production code.
 */
export { describeIndex, type IndexHarness, type IndexSuiteOptions } from './index-conformance.js';
export { type Random, seededRandom } from './random.js';
