import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/** The expiry tests again under zones ahead of, at and behind UTC: local dates must not depend on the machine's zone. */
const EXPIRY_TESTS = ['test/unit/expiry/**/*.test.ts', 'test/unit/domain/expiry*.test.ts'];
const EXPIRY_ZONES = ['UTC', 'Pacific/Auckland', 'America/Los_Angeles'];

export default defineConfig({
  test: {
    environment: 'node',
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores, which is one worker on a 2-core CI
    // machine; most files spend their time waiting on a server, PostgreSQL or IndexedDB, so two
    // workers (at least) keep both cores busy.
    maxWorkers: Math.max(2, availableParallelism()),
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'default', include: ['test/unit/**/*.test.ts', 'test/server/**/*.test.ts'] },
      },
      ...EXPIRY_ZONES.map((zone) => ({
        extends: true as const,
        test: { name: `expiry TZ=${zone}`, include: EXPIRY_TESTS, env: { TZ: zone } },
      })),
    ],
  },
});
