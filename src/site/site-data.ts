import { scanDataDir } from '../core/data/read-dir.ts';
import { checkFiles } from '../core/data/validate.ts';
import { isPublished, type Workspace } from '../core/data/workspace.ts';
import { formatReport, hasErrors } from '../core/problems.ts';
import { reportRegister, type RegisterReport, type RiskReport } from '../core/report/register-report.ts';
import type { Person } from '../core/schemas/person.ts';
import { isoDay } from '../core/dates.ts';
import { DEFAULT_SETTINGS, serviceName } from '../core/schemas/settings.ts';
import { includeRestricted, pagesDataDir, today } from '../node/config.ts';
import { loadBuildHistory } from '../node/history/build-history.ts';
import { handedOverBuildInputs, type BuildInputs } from '../node/build-inputs.ts';
import type { ResolvedBaseline } from '../core/history/baselines.ts';
import type { History } from '../core/history/history.ts';
import { publishedHistory } from '../core/history/published.ts';
import { registerTravel } from '../core/history/register-travel.ts';
import { bandChanges } from '../core/history/travel.ts';

/** Everything the pages print, worked out once per build. */
export interface SiteData {
  workspace: Workspace;
  organisation: string;
  /**
   * What the site is called wherever it names itself: the service navigation, the end of every
   * page title and the home page's heading, e.g. "Northmoor County Council risk registers".
   */
  serviceName: string;
  /** The service's name beside the council's own in the header, which would otherwise say the council's name twice. */
  serviceShortName: string;
  /** The footer's credit: who publishes the registers, where the settings name them. */
  publishedBy: string;
  today: string;
  registers: RegisterReport[];
  people: Map<string, Person>;
  /** Everyone in people.json by name, as the forms offer them to own a risk or a control. */
  peopleByName: Person[];
  risks: Map<string, RiskReport>;
  /** The data directory's git history as published (empty when it is not in git): see publishedHistory. */
  history: History;
  /** The declared baselines git could place, in declaration order. */
  baselines: ResolvedBaseline[];
  /** Open risks, across published registers, in a different band from the one they were in at their register's baseline. */
  bandChanges: number;
}

let cached: Promise<SiteData> | undefined;

/**
 * Loads and validates the data directory, and reads its git history, once per build.
 * Invalid data stops the build with the same report `npm run validate` prints.
 */
export function siteData(): Promise<SiteData> {
  cached ??= load();
  return cached;
}

async function load(): Promise<SiteData> {
  const dir = pagesDataDir();
  const inputs = handedOverBuildInputs(dir) ?? (await readBuildInputs(dir));
  const { now, workspace } = inputs;
  const hist = await inputs.history;
  const scheme = workspace.settings.scoring;
  const withRestricted = includeRestricted();
  const people = new Map(workspace.people.map((p) => [p.id, p]));
  const registers = workspace.registers
    .filter((r) => isPublished(r.register, withRestricted))
    .map((entry) => {
      const travel = registerTravel(
        hist.history,
        hist.baselines,
        entry.register,
        // An imported previous_rating counts only where git has no earlier revision at the baseline.
        entry.risks.map((r) => ({ id: r.risk.id, current: r.risk.current, importedPreviousRating: r.risk.previousRating })),
        now,
        scheme,
      );
      return reportRegister(entry, workspace, now, people, travel);
    })
    .sort((a, b) => levelOrder(a) - levelOrder(b) || a.register.name.localeCompare(b.register.name));
  const risks = new Map(registers.flatMap((r) => r.risks.map((risk) => [risk.risk.id, risk] as const)));
  const changed = bandChanges(
    registers.flatMap((r) =>
      r.risks.filter((risk) => risk.risk.status === 'open').map((risk) => ({ travel: risk, currentBand: risk.current.band.name })),
    ),
  );
  return {
    workspace,
    organisation: workspace.settings.organisation.name,
    serviceName: serviceName(workspace.settings),
    serviceShortName: 'Risk registers',
    publishedBy: publishedBy(workspace.settings.organisation.name),
    today: isoDay(now),
    registers,
    people,
    peopleByName: [...workspace.people].sort((a, b) => a.name.localeCompare(b.name)),
    risks,
    // Only what happened in published registers: a restricted register's risks and id stay out of every page.
    history: publishedHistory(hist.history, new Set(registers.map((r) => r.register.id))),
    baselines: hist.baselines,
    bandChanges: changed,
  };
}

/** What buildSite hands over, read here when the pages are built by `astro build` on its own. */
async function readBuildInputs(dir: string): Promise<BuildInputs> {
  const now = today();
  const { files, unread } = scanDataDir(dir);
  const { workspace, problems } = checkFiles(files, { now, unread });
  if (hasErrors(problems)) {
    throw new Error(`The data in ${dir} is not valid, so the site was not built:\n${formatReport(problems.filter((p) => p.severity === 'error'))}`);
  }
  // A shallow clone that cannot be deepened throws here (ShallowCloneError): never a wrong direction of travel.
  const history = await loadBuildHistory(dir, files);
  if (history.problems.length > 0) console.warn(formatReport(history.problems));
  return { dataDir: dir, now, workspace, history: Promise.resolve(history) };
}

const LEVELS = ['corporate', 'directorate', 'partnership', 'project', 'operational'];
function levelOrder(r: RegisterReport): number {
  return LEVELS.indexOf(r.register.level);
}

/**
 * Where a proposal can be read: a pull request on GitHub when OVERSIGHT_GITHUB_REPOSITORY
 * (owner/name) is set and the proposal is a pull request number, else the proposals page.
 */
export function proposalHref(proposal: string): string {
  const repository = (process.env['OVERSIGHT_GITHUB_REPOSITORY'] ?? '').trim();
  if (repository !== '' && /^\d+$/.test(proposal)) return `https://github.com/${repository}/pull/${proposal}`;
  const base = import.meta.env.BASE_URL.endsWith('/') ? import.meta.env.BASE_URL : `${import.meta.env.BASE_URL}/`;
  return `${base}proposals/#${encodeURIComponent(proposal)}`;
}

/** A data directory without settings is published under Oversight's own name: it cannot be published "by Oversight with Oversight". */
function publishedBy(organisation: string): string {
  return organisation === DEFAULT_SETTINGS.organisation.name ? 'Published with Oversight.' : `Published by ${organisation} with Oversight.`;
}
