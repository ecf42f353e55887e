import { DATA_DIR_OPTION, dataDirOption, runCommand, UsageError } from './args.ts';
import { formatImportSummary, planImport } from '../core/csv/import.ts';
import { scanDataDir } from '../core/data/read-dir.ts';
import { RegisterIdSchema } from '../core/schemas/common.ts';
import { REGISTER_LEVELS } from '../core/schemas/register.ts';
import { applyImport, importDay } from '../node/apply-import.ts';
import { displayPath } from '../node/display-path.ts';
import { readCsvFile } from '../node/read-csv-file.ts';

const USAGE = `Usage: npm run import -- FILE.csv --register ID [--name "Register name"] [--level directorate] [--data-dir DIR]

Imports a register CSV into the data directory (--data-dir, else OVERSIGHT_DATA_DIR, else ./data),
creating the register if it does not exist and updating the risks that do.`;

const OPTIONS = { register: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' }, ...DATA_DIR_OPTION } as const;

/** `npm run import`: every problem at once; nothing is written unless the whole file imports. */
await runCommand({ usage: USAGE, options: OPTIONS, positionals: true }, async ({ values, positionals }) => {
  const [csvFile, ...extra] = positionals;
  if (csvFile === undefined) throw new UsageError('give the CSV file to import');
  if (extra.length > 0) throw new UsageError(`give one CSV file, not ${positionals.length}: ${positionals.join(', ')}`);
  if (values.register === undefined || values.register === '') throw new UsageError('--register is required: the id of the register to import into, e.g. --register adult-social-care');
  if (!RegisterIdSchema.safeParse(values.register).success) {
    throw new UsageError(`--register "${values.register}" must be a register id in lowercase letters, digits and hyphens, e.g. adult-social-care`);
  }
  if (values.level !== undefined && !(REGISTER_LEVELS as readonly string[]).includes(values.level)) {
    throw new UsageError(`--level "${values.level}" must be one of ${REGISTER_LEVELS.join(', ')}`);
  }

  const dir = dataDirOption(values['data-dir']);
  const csv = readCsvFile(csvFile);
  if ('error' in csv) {
    console.error(`${csv.error}\nNothing was written.`);
    return 1;
  }

  const now = importDay();
  if (now === undefined) return 1;
  const { files, unread } = scanDataDir(dir);
  const plan = planImport(files, csv.text, {
    csvFile,
    unread,
    registerId: values.register,
    name: values.name,
    level: values.level,
    now,
  });
  const display = (file: string): string => (file === csvFile ? file : displayPath(dir, file));
  return applyImport(dir, plan, display, formatImportSummary(plan.summary));
});
