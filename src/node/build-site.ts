import { build } from 'astro';
import { PROJECT_ROOT } from './config.ts';
import { checkDataDir } from './check-data-dir.ts';

export interface BuildOptions {
  dataDir: string;
  includeRestricted?: boolean;
  /** Quiet Astro's own progress output (bench, tests). */
  quiet?: boolean;
}

export interface BuildResult {
  ok: boolean;
  /** The validation report: errors stop the build, warnings do not. */
  report: string;
  warnings: number;
}

/** Validates the data directory, then builds the static site into dist/ in the project. */
export async function buildSite(options: BuildOptions): Promise<BuildResult> {
  const check = checkDataDir(options.dataDir);
  const warnings = check.problems.filter((p) => p.severity === 'warning').length;
  if (!check.ok) return { ok: false, report: check.report, warnings };
  // Pages read these while Astro prerenders them.
  process.env['OVERSIGHT_DATA_DIR'] = options.dataDir;
  if (options.includeRestricted) process.env['OVERSIGHT_INCLUDE_RESTRICTED'] = 'true';
  else delete process.env['OVERSIGHT_INCLUDE_RESTRICTED'];
  // Builds run offline: no usage data is sent anywhere.
  process.env['ASTRO_TELEMETRY_DISABLED'] = '1';
  await build({ root: PROJECT_ROOT, logLevel: options.quiet ? 'silent' : 'warn' });
  return { ok: true, report: check.report, warnings };
}
