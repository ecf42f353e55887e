import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
/** The sample site built with --include-restricted, kept beside dist/ for the tests that compare the two. */
export const DIST_WITH_RESTRICTED = fileURLToPath(new URL('../../.oversight/test-dist-with-restricted/', import.meta.url));
/** The day the test builds treat as today, so overdue counts do not drift with the calendar. */
export const TEST_TODAY = '2026-11-23';

/** Secrets present in the environment of the test builds; none may appear in the output. */
export const BUILD_SECRETS = {
  OVERSIGHT_OIDC_CLIENT_SECRET: 'test-client-secret-5f1c0a9e7b',
  OVERSIGHT_SESSION_KEY: 'dGVzdC1zZXNzaW9uLWtleS0zMi1ieXRlcy1sb25nISE',
  GITHUB_TOKEN: 'ghp_testtoken0123456789abcdefABCDEF0123',
} as const;
