import { DATA_DIR_OPTION, dataDirOption, runCommand } from './args.ts';
import { checkDataDir } from '../node/check-data-dir.ts';
import { plural } from '../core/words.ts';

const USAGE = `Usage: npm run validate -- [--data-dir DIR]

Checks every file in the data directory (--data-dir, else OVERSIGHT_DATA_DIR, else ./data) and
reports every problem at once. Exits 1 if there are errors, 0 if there are only warnings.`;

/** `npm run validate`: every problem at once; exit 1 on errors, 0 with only warnings. */
await runCommand({ usage: USAGE, options: DATA_DIR_OPTION }, ({ values }) => {
  const dir = dataDirOption(values['data-dir']);
  const started = performance.now();
  const check = checkDataDir(dir);
  const risks = check.workspace.registers.reduce((n, r) => n + r.risks.length, 0);
  console.log(check.report);
  console.log(`Checked ${plural(check.workspace.registers.length, 'register')} and ${plural(risks, 'risk')} in ${dir} (${Math.round(performance.now() - started)} ms).`);
  return check.ok ? 0 : 1;
});
