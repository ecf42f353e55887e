import { defineConfig } from 'vitest/config';

// Dates are calendar days in the UK: pin the zone so "today" and overdue checks agree everywhere.
process.env['TZ'] = 'Europe/London';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // The functions' real handlers, against a local OpenID provider (discovery + JWKS) and data/.
        test: {
          name: 'functions',
          include: ['tests/functions/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        // Git backends against real repositories in temporary folders (tests/contract/*.contract.ts is shared by every backend).
        test: {
          name: 'contract',
          include: ['tests/contract/**/*.test.ts'],
          testTimeout: 60_000,
        },
      },
      {
        // Builds the sample site once (tests/helpers/build-sample-site.ts), then checks the
        // real dist/ as files (tests/build) and in headless Chromium (tests/e2e).
        test: {
          name: 'site',
          include: ['tests/build/**/*.test.ts', 'tests/e2e/**/*.test.ts'],
          globalSetup: ['tests/helpers/build-sample-site.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
