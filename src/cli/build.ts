import { DATA_DIR_OPTION, dataDirOption, runCommand } from './args.ts';
import { buildSite } from '../node/build-site.ts';

const USAGE = `Usage: npm run build -- [--include-restricted] [--data-dir DIR]

Validates the data directory (--data-dir, else OVERSIGHT_DATA_DIR, else ./data), then builds the
static site into dist/ in the project, whatever the data directory. Invalid data is never
published. Restricted registers are left out unless --include-restricted is given.`;

/** `npm run build`: validates the data directory, then builds the static site into dist/. */
await runCommand({ usage: USAGE, options: { 'include-restricted': { type: 'boolean', default: false }, ...DATA_DIR_OPTION } }, async ({ values }) => {
  const dir = dataDirOption(values['data-dir']);
  const result = await buildSite({ dataDir: dir, includeRestricted: values['include-restricted'] });
  if (!result.ok) {
    console.error(result.report);
    console.error(`The site was not built: fix the errors above in ${dir} and build again.`);
    return 1;
  }
  if (result.warnings > 0) console.error(result.report);
  console.log(`Built the site from ${dir} into dist/.`);
  return 0;
});
