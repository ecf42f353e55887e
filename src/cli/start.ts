import { createServer } from 'node:http';
import { join } from 'node:path';
import { dataDir, PROJECT_ROOT } from '../node/config.ts';
import { buildSite } from '../node/build-site.ts';
import { createApp } from '../server/app.ts';

/**
 * `npm start`: builds the site from the data directory, then serves it on
 * http://localhost:4321 (or PORT). It listens only once the build is ready.
 */
const dir = dataDir();
const port = Number(process.env['PORT'] ?? 4321);
console.log(`Building the site from ${dir} …`);
const result = await buildSite({ dataDir: dir });
if (!result.ok) {
  console.error(result.report);
  console.error('Not started: fix the errors above and run npm start again.');
  process.exit(1);
}
if (result.warnings > 0) console.error(result.report);

const server = createServer(createApp({ distDir: join(PROJECT_ROOT, 'dist') }));
server.listen(port, () => {
  console.log(`Oversight is ready at http://localhost:${port}/`);
});
const stop = (): void => {
  server.close(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
