import { DATA_DIR_OPTION, dataDirOption, runCommand, UsageError } from './args.ts';
import { readDataDir } from '../core/data/read-dir.ts';
import { formatMeasuresImportSummary, planMeasuresImport, type CsvInput } from '../core/measures/import.ts';
import { applyImport, importDay } from '../node/apply-import.ts';
import { displayPath } from '../node/display-path.ts';
import { readCsvFile } from '../node/read-csv-file.ts';

const USAGE = `Usage: npm run import-measures -- VALUES.csv [--definitions DEFINITIONS.csv] [--data-dir DIR]

Imports measure figures (columns measure,period,value,numerator,denominator,note) into the data
directory (--data-dir, else OVERSIGHT_DATA_DIR, else ./data). A figure for a measure and period
already held replaces it. With --definitions, measure definitions (columns
id,name,kind,unit,polarity,target,floor,frequency,disclosure,part_of,notes) are added or updated first.
Nothing is written if any row of either file is bad.`;

function readInput(file: string): CsvInput | string {
  const csv = readCsvFile(file);
  return 'error' in csv ? csv.error : { file, text: csv.text };
}

/** `npm run import-measures`: every problem at once; nothing is written unless both files import whole. */
await runCommand({ usage: USAGE, options: { definitions: { type: 'string' }, ...DATA_DIR_OPTION }, positionals: true }, async ({ values, positionals }) => {
  const [valuesFile, ...extra] = positionals;
  if (valuesFile === undefined) throw new UsageError('give the values CSV file to import');
  if (extra.length > 0) throw new UsageError(`give one values CSV file, not ${positionals.length}: ${positionals.join(', ')}`);
  if (values.definitions === '') throw new UsageError('--definitions needs the definitions CSV file');

  const dir = dataDirOption(values['data-dir']);
  const valuesInput = readInput(valuesFile);
  const definitionsInput = values.definitions === undefined ? undefined : readInput(values.definitions);
  const unreadable = [valuesInput, definitionsInput].filter((x): x is string => typeof x === 'string');
  if (unreadable.length > 0 || typeof valuesInput === 'string' || typeof definitionsInput === 'string') {
    console.error(`${unreadable.join('\n')}\nNothing was written.`);
    return 1;
  }

  const now = importDay();
  if (now === undefined) return 1;
  const plan = planMeasuresImport(readDataDir(dir), { values: valuesInput, definitions: definitionsInput }, { now });
  const inputs = new Set([valuesFile, values.definitions]);
  const display = (file: string): string => (inputs.has(file) ? file : displayPath(dir, file));
  return applyImport(dir, plan, display, formatMeasuresImportSummary(plan.summary));
});
