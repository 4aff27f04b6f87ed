import { defineConfig } from 'vitest/config';

/**
 * The one vitest configuration every project extends. Tests resolve sibling packages to their
 * TypeScript source through the `@rustydb/source` export condition, so no build is needed to test.
 * Each run writes a JSON report to `<project>/.reports/vitest.json`; `tools/scripts/test.mjs`
 * adds them up into the `N passed, N failed` line CI reads.
 */
export default defineConfig({
  resolve: { conditions: ['@rustydb/source'] },
  ssr: { resolve: { conditions: ['@rustydb/source'] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.reports/vitest.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
