import { readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { readDataDir } from '../core/data/read-dir.ts';
import { formatMeasuresImportSummary, planMeasuresImport, type CsvInput } from '../core/measures/import.ts';
import { dataDir } from '../node/config.ts';
import { applyImport, importDay } from '../node/apply-import.ts';

const USAGE = `Usage: npm run import-measures -- VALUES.csv [--definitions DEFINITIONS.csv] [--data-dir DIR]

Imports measure figures (columns measure,period,value,numerator,denominator,note) into the data
directory (--data-dir, else OVERSIGHT_DATA_DIR, else ./data). A figure for a measure and period
already held replaces it. With --definitions, measure definitions (columns
id,name,kind,unit,polarity,target,floor,frequency,disclosure,part_of,notes) are added or updated first.
Nothing is written if any row of either file is bad.`;

function usageError(message: string): number {
  console.error(`error: ${message}\n\n${USAGE}`);
  return 1;
}

function readInput(file: string): CsvInput | string {
  try {
    return { file, text: readFileSync(file, 'utf8') };
  } catch (err) {
    return `error: cannot read ${file}: ${err instanceof Error ? err.message : String(err)}`;
  }
}

/** `npm run import-measures`: every problem at once; nothing is written unless both files import whole. */
async function main(argv: string[]): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        definitions: { type: 'string' },
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
  const [valuesFile, ...extra] = positionals;
  if (valuesFile === undefined) return usageError('give the values CSV file to import');
  if (extra.length > 0) return usageError(`give one values CSV file, not ${positionals.length}: ${positionals.join(', ')}`);
  if (values.definitions === '') return usageError('--definitions needs the definitions CSV file');

  const dir = values['data-dir'] !== undefined ? resolve(values['data-dir']) : dataDir();
  if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) {
    console.error(`error: the data directory ${dir} does not exist: create it or give another with --data-dir\nNothing was written.`);
    return 1;
  }
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
  const display = (file: string): string => (inputs.has(file) ? file : relative(process.cwd(), join(dir, file)) || file);
  return applyImport(dir, plan, display, formatMeasuresImportSummary(plan.summary));
}

process.exitCode = await main(process.argv.slice(2));
