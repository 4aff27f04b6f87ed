/**
 * @rustydb/protocol/testing — helpers for tests of the protocol and of anything served over it
 * (the server's end-to-end tests). A separate entry point, never imported by production code.
 */
export { makeTestCertificates, type TestCertificates } from './test-certificates.js';
