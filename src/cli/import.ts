import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { formatImportSummary, planImport } from '../core/csv/import.ts';
import { readDataDir } from '../core/data/read-dir.ts';
import { RegisterIdSchema } from '../core/schemas/common.ts';
import { REGISTER_LEVELS } from '../core/schemas/register.ts';
import { dataDir } from '../node/config.ts';
import { applyImport, importDay } from '../node/apply-import.ts';

const USAGE = `Usage: npm run import -- FILE.csv --register ID [--name "Register name"] [--level directorate] [--data-dir DIR]

Imports a register CSV into the data directory (--data-dir, else OVERSIGHT_DATA_DIR, else ./data),
creating the register if it does not exist and updating the risks that do.`;

function usageError(message: string): number {
  console.error(`error: ${message}\n\n${USAGE}`);
  return 1;
}

/** `npm run import`: every problem at once; nothing is written unless the whole file imports. */
async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        register: { type: 'string' },
        name: { type: 'string' },
        level: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (err) {
    return usageError(err instanceof Error ? err.message : String(err));
  }
  const { values, positionals } = args;
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  const [csvFile, ...extra] = positionals;
  if (csvFile === undefined) return usageError('give the CSV file to import');
  if (extra.length > 0) return usageError(`give one CSV file, not ${positionals.length}: ${positionals.join(', ')}`);
  if (values.register === undefined || values.register === '') return usageError('--register is required: the id of the register to import into, e.g. --register adult-social-care');
  if (!RegisterIdSchema.safeParse(values.register).success) {
    return usageError(`--register "${values.register}" must be a register id in lowercase letters, digits and hyphens, e.g. adult-social-care`);
  }
  if (values.level !== undefined && !(REGISTER_LEVELS as readonly string[]).includes(values.level)) {
    return usageError(`--level "${values.level}" must be one of ${REGISTER_LEVELS.join(', ')}`);
  }

  const dir = values['data-dir'] !== undefined ? resolve(values['data-dir']) : dataDir();
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`error: the data directory ${dir} does not exist: create it or give another with --data-dir\nNothing was written.`);
    return 1;
  }
  let csvText: string;
  try {
    csvText = readFileSync(csvFile, 'utf8');
  } catch (err) {
    console.error(`error: cannot read ${csvFile}: ${err instanceof Error ? err.message : String(err)}\nNothing was written.`);
    return 1;
  }

  const now = importDay();
  if (now === undefined) return 1;
  const plan = planImport(readDataDir(dir), csvText, {
    csvFile,
    registerId: values.register,
    name: values.name,
    level: values.level,
    now,
  });
  const display = (file: string): string => (file === csvFile ? file : relative(process.cwd(), join(dir, file)) || file);
  return applyImport(dir, plan, display, formatImportSummary(plan.summary));
}

process.exitCode = await main(process.argv.slice(2));
