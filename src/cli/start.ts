import { join } from 'node:path';
import { DATA_DIR_OPTION, dataDirOption, runCommand } from './args.ts';
import { PROJECT_ROOT } from '../node/config.ts';
import { buildSite } from '../node/build-site.ts';
import { startLocalServer } from '../server/local-server.ts';

const USAGE = `Usage: npm start -- [--data-dir DIR]

Builds the site from the data directory (--data-dir, else OVERSIGHT_DATA_DIR, else ./data), then
serves it with the functions and a local sign-in on http://localhost:4321 (or PORT).`;

/**
 * `npm start`: builds the site from the data directory, then serves it with the
 * functions and the embedded identity provider on http://localhost:4321 (or PORT).
 * It listens only once the build and the provider are ready.
 */
await runCommand({ usage: USAGE, options: DATA_DIR_OPTION }, async ({ values }) => {
  const dir = dataDirOption(values['data-dir']);
  const port = Number(process.env['PORT'] || 4321);
  console.log(`Building the site from ${dir} …`);
  const result = await buildSite({ dataDir: dir });
  if (!result.ok) {
    console.error(result.report);
    console.error('Not started: fix the errors above and run npm start again.');
    return 1;
  }
  if (result.warnings > 0) console.error(result.report);

  const server = await startLocalServer({ distDir: join(PROJECT_ROOT, 'dist'), dataDir: dir, port, env: process.env });
  console.log(`Oversight is ready at ${server.url}/`);
  if (server.embeddedProvider) {
    console.log(`Sign in as anyone in people.json (their email or id, any password); npm run dev-token -- --as PERSON prints an API token.`);
  }
  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return 0;
});
