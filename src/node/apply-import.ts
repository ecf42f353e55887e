import { today } from './config.ts';
import { writeFilesAtomically, WriteInterruptedError } from './write-files.ts';
import { formatReport, hasErrors, type Problem } from '../core/problems.ts';

/** What an import command worked out: the files to write and every problem found. */
export interface PlannedWrites {
  writes: ReadonlyMap<string, string>;
  problems: readonly Problem[];
}

/**
 * The end of every import command: errors are printed and nothing is written; otherwise
 * warnings are printed, every file is written or none is, and the summary follows.
 * Returns the exit code.
 */
export async function applyImport(dir: string, plan: PlannedWrites, display: (file: string) => string, summary: string): Promise<number> {
  if (hasErrors(plan.problems)) {
    console.error(formatReport(plan.problems, display));
    console.error('Nothing was written.');
    return 1;
  }
  if (plan.problems.length > 0) console.log(formatReport(plan.problems, display));
  try {
    await writeFilesAtomically(dir, plan.writes);
  } catch (err) {
    console.error(`error: could not write to ${dir}: ${err instanceof Error ? err.message : String(err)}\nNothing was written.`);
    return err instanceof WriteInterruptedError ? err.exitCode : 1;
  }
  console.log(summary);
  return 0;
}

/**
 * The day an import judges overdue reviews and actions on: OVERSIGHT_TODAY when it is set,
 * as for validate and build. Undefined (the reason printed) when that setting is not a date.
 */
export function importDay(): Date | undefined {
  try {
    return today();
  } catch (err) {
    console.error(`error: ${err instanceof Error ? err.message : String(err)}\nNothing was written.`);
    return undefined;
  }
}
