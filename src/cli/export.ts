import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { DATA_DIR_OPTION, dataDirOption, runCommand, UsageError } from './args.ts';
import { withByteOrderMark } from '../core/csv/encoding.ts';
import { registerToCsv } from '../core/csv/export.ts';
import { loadWorkspace } from '../core/data/load.ts';
import { pathsOverlap, PEOPLE_FILE, REGISTERS_DIR } from '../core/data/paths.ts';
import { scanDataDir } from '../core/data/read-dir.ts';
import { findRegister } from '../core/data/workspace.ts';
import { formatReport } from '../core/problems.ts';
import { plural } from '../core/words.ts';
import { fromWhereRun } from '../node/config.ts';
import { displayPath } from '../node/display-path.ts';
import { writeFilesAtomically, WriteInterruptedError } from '../node/write-files.ts';

const USAGE = `Usage: npm run export -- --register ID [--data-dir DIR] [--out FILE]

Writes a register as CSV (the columns npm run import reads) to FILE, or to standard output, in
UTF-8 with a byte-order mark so that Excel shows accented names correctly. The data directory is --data-dir, else OVERSIGHT_DATA_DIR, else ./data.`;

/** `npm run export`: one register as interchange CSV. */
await runCommand({ usage: USAGE, options: { register: { type: 'string' }, out: { type: 'string' }, ...DATA_DIR_OPTION } }, async ({ values }) => {
  const registerId = values.register;
  if (registerId === undefined || registerId === '') throw new UsageError('--register is required: the id of the register to export, e.g. --register corporate');
  if (values.out === '') throw new UsageError('--out needs a file name');

  const dir = dataDirOption(values['data-dir']);
  const { files, unread } = scanDataDir(dir);
  const { workspace, problems } = loadWorkspace(files, unread);
  // A risk file that does not load (or a folder of them not read) would be missing from the CSV without a word: refuse instead.
  const blocking = problems.filter((p) => p.severity === 'error' && (p.file === PEOPLE_FILE || pathsOverlap(p.file, `${REGISTERS_DIR}/${registerId}`)));
  if (blocking.length > 0) {
    console.error(formatReport(blocking, (file) => displayPath(dir, file)));
    console.error('Nothing was exported: correct the errors above first.');
    return 1;
  }
  const entry = findRegister(workspace, registerId);
  if (!entry) {
    const known = workspace.registers.map((r) => r.register.id).join(', ');
    console.error(`error: no register has the id "${registerId}" in ${dir}${known === '' ? '' : ` (the registers are ${known})`}`);
    return 1;
  }

  // With the byte-order mark, as the site serves it, so Excel shows accented names correctly.
  const csv = withByteOrderMark(registerToCsv(workspace, registerId));
  if (values.out === undefined) {
    process.stdout.write(csv);
    return 0;
  }
  const out = fromWhereRun(values.out);
  // Made for it, a mistyped folder would leave the CSV somewhere no one looks.
  const folder = await stat(dirname(out)).catch(() => undefined);
  if (!folder?.isDirectory()) {
    console.error(`error: cannot write ${values.out}: ${folder === undefined ? `the folder ${dirname(values.out)} does not exist: create it first, or correct the path` : `${dirname(values.out)} is a file, not a folder: correct the path`}`);
    return 1;
  }
  try {
    await writeFilesAtomically(dirname(out), new Map([[basename(out), csv]]));
  } catch (err) {
    console.error(`error: could not write ${values.out}: ${err instanceof Error ? err.message : String(err)}`);
    return err instanceof WriteInterruptedError ? err.exitCode : 1;
  }
  console.log(`Exported ${plural(entry.risks.length, 'risk')} from register ${registerId} to ${values.out}.`);
  return 0;
});
