import { dataDir } from '../node/config.ts';
import { checkDataDir } from '../node/check-data-dir.ts';

/** `npm run validate`: every problem at once; exit 1 on errors, 0 with only warnings. */
const dir = dataDir();
const started = performance.now();
const check = checkDataDir(dir);
const risks = check.workspace.registers.reduce((n, r) => n + r.risks.length, 0);
console.log(check.report);
console.log(`Checked ${check.workspace.registers.length} registers and ${risks} risks in ${dir} (${Math.round(performance.now() - started)} ms).`);
process.exitCode = check.ok ? 0 : 1;
