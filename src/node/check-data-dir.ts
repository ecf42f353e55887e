import { scanDataDir } from '../core/data/read-dir.ts';
import { checkFiles } from '../core/data/validate.ts';
import { formatReport, hasErrors, type Problem } from '../core/problems.ts';
import type { Workspace } from '../core/data/workspace.ts';
import type { DataFiles } from '../core/data/load.ts';
import { today } from './config.ts';
import { displayPath } from './display-path.ts';

export interface DataDirCheck {
  /** Every file read, for whatever else needs them (the build reads its history from them). */
  files: DataFiles;
  workspace: Workspace;
  problems: Problem[];
  ok: boolean;
  /** The report as validate and build print it, files shown as displayPath shows them. */
  report: string;
}

export function checkDataDir(dir: string, now: Date = today()): DataDirCheck {
  const { files, unread } = scanDataDir(dir);
  const { workspace, problems } = checkFiles(files, { now, unread });
  return { files, workspace, problems, ok: !hasErrors(problems), report: formatReport(problems, (file) => displayPath(dir, file)) };
}
