import { join } from 'node:path';
import { DATA_DIR_OPTION, dataDirOption, runCommand } from './args.ts';
import { PROJECT_ROOT } from '../node/config.ts';
import { buildSite } from '../node/build-site.ts';
import { dataVersion, watchAndRebuild } from '../node/site-rebuilds.ts';
import { checkPort, startLocalServer } from '../server/local-server.ts';
import { localPort } from '../server/oidc/local-defaults.ts';

const USAGE = `Usage: npm start -- [--data-dir DIR]

Builds the site from the data directory (--data-dir, else OVERSIGHT_DATA_DIR, else ./data), then
serves it with the functions and a local sign-in on http://localhost:4321 (or PORT). When the
data changes (an edit, an import, a merged proposal), the site is rebuilt and served.`;

/**
 * `npm start`: builds the site from the data directory, then serves it with the
 * functions and the embedded identity provider on http://localhost:4321 (or PORT).
 * It listens only once the build and the provider are ready, then rebuilds the site
 * (into .oversight/start/, leaving dist/ as first built) whenever the data changes.
 */
await runCommand({ usage: USAGE, options: DATA_DIR_OPTION }, async ({ values }) => {
  const dir = dataDirOption(values['data-dir']);
  const port = localPort();
  if (port !== 0) await checkPort(port);
  console.log(`Building the site from ${dir} …`);
  // Taken before the server adds its sign-in secrets to the environment, and before the build
  // reads the data, so a change made while it builds is built next.
  const buildEnv = { ...process.env };
  const builtFrom = await dataVersion(dir, buildEnv);
  const result = await buildSite({ dataDir: dir });
  if (!result.ok) {
    console.error(result.report);
    console.error('Not started: fix the errors above and run npm start again.');
    return 1;
  }
  if (result.warnings > 0) console.error(result.report);

  const server = await startLocalServer({ distDir: join(PROJECT_ROOT, 'dist'), dataDir: dir, port, env: process.env });
  console.log(`Oversight is ready at ${server.url}/ (rebuilt when the data in ${dir} changes).`);
  if (server.embeddedProvider) {
    console.log(`Sign in as anyone in people.json with an email address (their email or id, no password); npm run dev-token -- --as PERSON prints an API token.`);
  }
  const rebuilds = watchAndRebuild({
    dataDir: dir,
    workDir: join(PROJECT_ROOT, '.oversight', 'start'),
    builtFrom,
    warnings: result.warnings > 0 ? result.report : undefined,
    env: buildEnv,
    serve: (distDir) => server.serveSite(distDir),
    log: (message) => console.log(message),
  });
  const stop = (): void => {
    void Promise.all([rebuilds.close(), server.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return 0;
});
