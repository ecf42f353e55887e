import { build, type AstroIntegration } from 'astro';
import { PROJECT_ROOT, today } from './config.ts';
import { clearBuildInputs, handOverBuildInputs } from './build-inputs.ts';
import { checkDataDir } from './check-data-dir.ts';
import { displayPath } from './display-path.ts';
import { formatReport, type Problem } from '../core/problems.ts';
import { readBuildHistoryAside } from './history/history-aside.ts';
import { deepenIfShallow, ShallowCloneError } from './history/read-history.ts';

export interface BuildOptions {
  dataDir: string;
  includeRestricted?: boolean;
  /** Quiet Astro's own progress output (bench, tests). */
  quiet?: boolean;
  /** Where to write the site instead of dist/ in the project (tests that build more than one site). */
  outDir?: string;
  /** Added to the site's own (the bench's phase timer). */
  integrations?: AstroIntegration[];
}

export interface BuildResult {
  ok: boolean;
  /** The validation report: errors stop the build, warnings do not. */
  report: string;
  warnings: number;
}

/** Validates the data directory, then builds the static site into dist/ in the project while its git history is read. */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const now = today();
  const check = checkDataDir(options.dataDir, now);
  if (!check.ok) return { ok: false, report: check.report, warnings: countWarnings(check.problems) };
  // Complete a shallow clone before Astro starts, so one that cannot be deepened fails the
  // build at once, saying how to fix the build settings.
  try {
    await deepenIfShallow(options.dataDir);
  } catch (err) {
    if (!(err instanceof ShallowCloneError)) throw err;
    return { ok: false, report: `error: ${err.message}`, warnings: countWarnings(check.problems) };
  }
  // The history is read in a process of its own while Astro bundles the site; the pages wait for it.
  const reading = readBuildHistoryAside(options.dataDir, check.files);
  reading.catch(() => undefined); // a failure is reported below, not as an unhandled rejection
  const display = (file: string): string => displayPath(options.dataDir, file);
  // Pages read these while Astro prerenders them.
  process.env['OVERSIGHT_DATA_DIR'] = options.dataDir;
  if (options.includeRestricted) process.env['OVERSIGHT_INCLUDE_RESTRICTED'] = 'true';
  else delete process.env['OVERSIGHT_INCLUDE_RESTRICTED'];
  // Builds run offline: no usage data is sent anywhere.
  process.env['ASTRO_TELEMETRY_DISABLED'] = '1';
  handOverBuildInputs({ dataDir: options.dataDir, now, workspace: check.workspace, history: reading });
  // The site is always the production build, whatever NODE_ENV the caller has (vitest sets
  // `test`): any other value makes Vite bundle packages' development builds, and Lit's then
  // warns on every page that it is in dev mode.
  const callersNodeEnv = process.env['NODE_ENV'];
  process.env['NODE_ENV'] = 'production';
  try {
    await build({
      root: PROJECT_ROOT,
      logLevel: options.quiet ? 'silent' : 'info',
      ...(options.outDir === undefined ? {} : { outDir: options.outDir }),
      ...(options.integrations === undefined ? {} : { integrations: options.integrations }),
    });
  } catch (err) {
    // A history that could not be read fails the pages waiting for it: its own error says more.
    await reading;
    throw err;
  } finally {
    clearBuildInputs();
    if (callersNodeEnv === undefined) delete process.env['NODE_ENV'];
    else process.env['NODE_ENV'] = callersNodeEnv;
  }
  const problems = [...check.problems, ...(await reading).problems];
  return { ok: true, report: formatReport(problems, display), warnings: countWarnings(problems) };
}

function countWarnings(problems: readonly Problem[]): number {
  return problems.filter((p) => p.severity === 'warning').length;
}
