import { isAbsolute, relative } from 'node:path';
import { build } from 'astro';
import { PROJECT_ROOT } from './config.ts';
import { checkDataDir } from './check-data-dir.ts';
import { readDataDir } from '../core/data/read-dir.ts';
import { formatReport, type Problem } from '../core/problems.ts';
import { loadBuildHistory } from './history/build-history.ts';
import { ShallowCloneError } from './history/read-history.ts';

export interface BuildOptions {
  dataDir: string;
  includeRestricted?: boolean;
  /** Quiet Astro's own progress output (bench, tests). */
  quiet?: boolean;
  /** Where to write the site instead of dist/ in the project (tests that build more than one site). */
  outDir?: string;
}

export interface BuildResult {
  ok: boolean;
  /** The validation report: errors stop the build, warnings do not. */
  report: string;
  warnings: number;
}

/** Validates the data directory, reads its git history, then builds the static site into dist/ in the project. */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const check = checkDataDir(options.dataDir);
  if (!check.ok) return { ok: false, report: check.report, warnings: countWarnings(check.problems) };
  // Read the history before Astro starts, so a shallow clone that cannot be deepened fails
  // the build at once, saying how to fix the build settings, and its warnings print once.
  let historyProblems: Problem[];
  try {
    historyProblems = (await loadBuildHistory(options.dataDir, readDataDir(options.dataDir))).problems;
  } catch (err) {
    if (!(err instanceof ShallowCloneError)) throw err;
    return { ok: false, report: `error: ${err.message}`, warnings: countWarnings(check.problems) };
  }
  const problems = [...check.problems, ...historyProblems];
  const display = (file: string): string => relative(process.cwd(), isAbsolute(file) ? file : `${options.dataDir}/${file}`) || file;
  // Pages read these while Astro prerenders them.
  process.env['OVERSIGHT_DATA_DIR'] = options.dataDir;
  process.env['OVERSIGHT_HISTORY_CHECKED'] = 'true';
  if (options.includeRestricted) process.env['OVERSIGHT_INCLUDE_RESTRICTED'] = 'true';
  else delete process.env['OVERSIGHT_INCLUDE_RESTRICTED'];
  // Builds run offline: no usage data is sent anywhere.
  process.env['ASTRO_TELEMETRY_DISABLED'] = '1';
  await build({ root: PROJECT_ROOT, logLevel: options.quiet ? 'silent' : 'warn', ...(options.outDir === undefined ? {} : { outDir: options.outDir }) });
  return { ok: true, report: formatReport(problems, display), warnings: countWarnings(problems) };
}

function countWarnings(problems: readonly Problem[]): number {
  return problems.filter((p) => p.severity === 'warning').length;
}
