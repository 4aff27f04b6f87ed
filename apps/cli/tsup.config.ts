import { defineConfig } from 'tsup';

// The CLI is one bundle, built like apps/server: the @rustydb/* packages are compiled in from their
// TypeScript source (the `@rustydb/source` condition), so running it needs no build of the other
// packages. Third-party dependencies stay external and load from node_modules.
export default defineConfig({
  entry: ['src/cli.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: false,
  clean: true,
  sourcemap: true,
  noExternal: [/^@rustydb\//],
  external: ['pg', 'pino', 'msgpackr', 'antlr4ng'],
  esbuildOptions(options) {
    options.conditions = ['@rustydb/source'];
  },
  banner: { js: '#!/usr/bin/env node' },
});
