import { resolve } from 'node:path';
import { readDataDir } from '../core/data/read-dir.ts';
import { checkFiles } from '../core/data/validate.ts';
import type { Workspace } from '../core/data/workspace.ts';
import { formatReport, hasErrors } from '../core/problems.ts';
import { reportRegister, type RegisterReport, type RiskReport } from '../core/report/register-report.ts';
import type { Person } from '../core/schemas/person.ts';
import { isoDay } from '../core/dates.ts';
import { includeRestricted, today } from '../node/config.ts';

/** Everything the pages print, worked out once per build. */
export interface SiteData {
  workspace: Workspace;
  organisation: string;
  today: string;
  registers: RegisterReport[];
  people: Map<string, Person>;
  risks: Map<string, RiskReport>;
}

let cached: SiteData | undefined;

/**
 * Loads and validates the data directory once per build. Invalid data stops the
 * build with the same report `npm run validate` prints.
 */
export function siteData(): SiteData {
  cached ??= load();
  return cached;
}

function load(): SiteData {
  // The build CLI resolves the directory; `astro build` on its own runs from the project root.
  const dir = process.env['OVERSIGHT_DATA_DIR'] || resolve(process.cwd(), 'data');
  const now = today();
  const { workspace, problems } = checkFiles(readDataDir(dir), { now });
  if (hasErrors(problems)) {
    throw new Error(`The data in ${dir} is not valid, so the site was not built:\n${formatReport(problems.filter((p) => p.severity === 'error'))}`);
  }
  const withRestricted = includeRestricted();
  const people = new Map(workspace.people.map((p) => [p.id, p]));
  const registers = workspace.registers
    .filter((r) => withRestricted || r.register.classification === 'unrestricted')
    .map((r) => reportRegister(r, workspace, now, people))
    .sort((a, b) => levelOrder(a) - levelOrder(b) || a.register.name.localeCompare(b.register.name));
  const risks = new Map(registers.flatMap((r) => r.risks.map((risk) => [risk.risk.id, risk] as const)));
  return { workspace, organisation: workspace.settings.organisation.name, today: isoDay(now), registers, people, risks };
}

const LEVELS = ['corporate', 'directorate', 'partnership', 'project', 'operational'];
function levelOrder(r: RegisterReport): number {
  return LEVELS.indexOf(r.register.level);
}
