import { defineConfig } from 'tsup';

export default defineConfig({
  // `testing` is a separate entry so production code never pulls in vitest.
  entry: ['src/index.ts', 'src/testing/index.ts'],
  format: ['esm'],
  target: 'node20',
  dts: true,
  clean: true,
  sourcemap: true,
  // The conformance suite imports vitest; the test runner that loads it provides it.
  external: ['vitest'],
});
