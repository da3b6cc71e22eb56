import { defineConfig } from 'vitest/config';

/**
 * Test files of the file store itself: what they check (files on a disk) has no counterpart on
 * PostgreSQL, so they run against lowdb only. Everything else runs against both stores.
 */
const LOWDB_ONLY = [
  // A damaged case file is set aside in quarantine/ so every other case serves.
  'tests/durability/damaged-case-file.test.ts',
  // A full disk (a small tmpfs under the data folder) while actions stream in.
  'tests/durability/full-disk.test.ts',
  // lowdb's commit log replayed into case files a crash left behind or torn.
  'tests/durability/commit-log.test.ts',
  // cases/index.jsonl checked against the case files at start-up, torn, lost or out of date.
  'tests/durability/case-index.test.ts',
  // Data files 0600 and folders 0700, and the session id hashes as sessions.json stores them.
  'tests/durability/data-at-rest.test.ts',
  // access-log.jsonl itself: a line torn by a crash mid-append, the log file from before the chain.
  'tests/api/access-log-file.test.ts',
];

/**
 * Tests of the PostgreSQL store itself (tests/store, pg-store) and of several nodes on one
 * database (tests/cluster): nothing to test on lowdb, which serves one node.
 */
const POSTGRES_ONLY = ['tests/store/**/*.test.ts', 'tests/cluster/**/*.test.ts'];

/** What both stores' projects share. */
const shared = {
  // Tests start real servers and child processes; give them room on a 2-core machine.
  testTimeout: 30_000,
  hookTimeout: 30_000,
  pool: 'forks',
} as const;

export default defineConfig({
  test: {
    // Browser tests need the built client; see tests/support/build-client.ts. The root project's
    // global setup runs once per run, whichever projects run.
    globalSetup: ['tests/support/build-client.ts'],
    // The store matrix: every test against the embedded lowdb store and against PostgreSQL.
    // One store alone: `npx vitest run --project lowdb` (or `--project postgres`).
    projects: [
      {
        test: {
          ...shared,
          name: 'lowdb',
          include: ['tests/**/*.test.ts'],
          exclude: POSTGRES_ONLY,
          env: { TEST_STORE: 'lowdb' },
        },
      },
      {
        test: {
          ...shared,
          name: 'postgres',
          include: ['tests/**/*.test.ts'],
          exclude: LOWDB_ONLY,
          env: { TEST_STORE: 'postgres' },
          // A throwaway cluster for the run (fails the run when PostgreSQL is not installed).
          globalSetup: ['tests/support/postgres-cluster.ts'],
        },
      },
    ],
  },
});
