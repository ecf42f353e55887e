import { isAbsolute, relative } from 'node:path';
import { build } from 'astro';
import { PROJECT_ROOT, today } from './config.ts';
import { clearBuildInputs, handOverBuildInputs } from './build-inputs.ts';
import { checkDataDir } from './check-data-dir.ts';
import { formatReport, type Problem } from '../core/problems.ts';
import { loadBuildHistory, type BuildHistory } from './history/build-history.ts';
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
  const now = today();
  const check = checkDataDir(options.dataDir, now);
  if (!check.ok) return { ok: false, report: check.report, warnings: countWarnings(check.problems) };
  // Read the history before Astro starts, so a shallow clone that cannot be deepened fails
  // the build at once, saying how to fix the build settings, and its warnings print once.
  let history: BuildHistory;
  try {
    history = await loadBuildHistory(options.dataDir, check.files);
  } catch (err) {
    if (!(err instanceof ShallowCloneError)) throw err;
    return { ok: false, report: `error: ${err.message}`, warnings: countWarnings(check.problems) };
  }
  const problems = [...check.problems, ...history.problems];
  const display = (file: string): string => relative(process.cwd(), isAbsolute(file) ? file : `${options.dataDir}/${file}`) || file;
  // Pages read these while Astro prerenders them.
  process.env['OVERSIGHT_DATA_DIR'] = options.dataDir;
  if (options.includeRestricted) process.env['OVERSIGHT_INCLUDE_RESTRICTED'] = 'true';
  else delete process.env['OVERSIGHT_INCLUDE_RESTRICTED'];
  // Builds run offline: no usage data is sent anywhere.
  process.env['ASTRO_TELEMETRY_DISABLED'] = '1';
  handOverBuildInputs({ dataDir: options.dataDir, now, workspace: check.workspace, history });
  try {
    await build({ root: PROJECT_ROOT, logLevel: options.quiet ? 'silent' : 'warn', ...(options.outDir === undefined ? {} : { outDir: options.outDir }) });
  } finally {
    clearBuildInputs();
  }
  return { ok: true, report: formatReport(problems, display), warnings: countWarnings(problems) };
}

function countWarnings(problems: readonly Problem[]): number {
  return problems.filter((p) => p.severity === 'warning').length;
}
