import { defineConfig } from 'tsup';

// One bundle, built like apps/server: the @rustydb/* packages (the embedded engine, the reference
// PostgreSQL launcher) are compiled in from their TypeScript source (the `@rustydb/source`
// condition), so running the harness needs no build of the other packages. Third-party
// dependencies stay external and load from node_modules; better-sqlite3 is a native addon.
export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
  target: 'node20',
  platform: 'node',
  dts: false,
  clean: true,
  sourcemap: true,
  noExternal: [/^@rustydb\//],
  external: ['pg', 'better-sqlite3', 'pino', 'msgpackr', 'antlr4ng'],
  esbuildOptions(options) {
    options.conditions = ['@rustydb/source'];
  },
});
