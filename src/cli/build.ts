import { parseArgs } from 'node:util';
import { dataDir } from '../node/config.ts';
import { buildSite } from '../node/build-site.ts';

/**
 * `npm run build [-- --include-restricted]`: validates the data directory, then
 * builds the static site into dist/ in the project, whatever the data directory.
 */
const { values } = parseArgs({ options: { 'include-restricted': { type: 'boolean', default: false } } });
const dir = dataDir();
const result = await buildSite({ dataDir: dir, includeRestricted: values['include-restricted'] });
if (!result.ok) {
  console.error(result.report);
  console.error(`The site was not built: fix the errors above in ${dir} and build again.`);
  process.exit(1);
}
if (result.warnings > 0) console.error(result.report);
console.log(`Built the site from ${dir} into dist/.`);
