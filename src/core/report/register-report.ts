import { isoDay } from '../dates.ts';
import { compareRiskIds } from '../data/next-risk-id.ts';
import { isActionOverdue, isReviewOverdue, reviewDue } from '../data/validate.ts';
import type { RegisterEntry, Workspace } from '../data/workspace.ts';
import type { Person } from '../schemas/person.ts';
import type { Register } from '../schemas/register.ts';
import type { Risk } from '../schemas/risk.ts';
import { bandCounts, heatmap, type BandCounts, type Heatmap } from '../scoring/heatmap.ts';
import { isAboveAppetite, rate, type Rating } from '../scoring/rating.ts';
import type { ResolvedBaseline } from '../history/baselines.ts';
import type { RegisterTravel } from '../history/register-travel.ts';
import type { Direction, PreviousRating, Travel } from '../history/travel.ts';

/** One risk with everything a page or the API prints about it already worked out. */
export interface RiskReport {
  risk: Risk;
  /** Git blob id of the risk's file: what an update gives as baseVersion. */
  version: string;
  registerId: string;
  owners: Person[];
  current: Rating;
  target: Rating | null;
  inherent: Rating | null;
  aboveAppetite: boolean;
  reviewDue: string | null;
  reviewOverdue: boolean;
  overdueActions: number;
  /** The rating at the register's baseline; null when the risk did not exist then. */
  previous: PreviousRating | null;
  /** Direction of travel since the baseline, from the rating only. */
  direction: Direction;
  /** The baseline's slug, or its date when none is declared. */
  since: string;
}

export interface RegisterReport {
  register: Register;
  /** Every risk, open ones first in id order, then the rest. */
  risks: RiskReport[];
  heatmap: { current: Heatmap; target: Heatmap };
  bands: { current: BandCounts; target: BandCounts };
  overdueReviews: number;
  overdueActions: number;
  /** What previous ratings and directions of travel are compared with. */
  baseline: ResolvedBaseline;
}

/** With no history: every risk is new since a baseline of today. */
export function noTravel(today: string): RegisterTravel {
  return { baseline: { slug: null, name: null, day: today, index: -1, since: today }, risks: new Map() };
}

export function reportRisk(
  risk: Risk,
  version: string,
  registerId: string,
  ws: Workspace,
  people: Map<string, Person>,
  cycleMonths: number,
  today: string,
  travel: Travel,
): RiskReport {
  const scheme = ws.settings.scoring;
  const current = rate(risk.current, scheme);
  const open = risk.status === 'open';
  return {
    risk,
    version,
    registerId,
    owners: risk.owners.map((id) => people.get(id) ?? { id, name: id }),
    current,
    target: risk.target ? rate(risk.target, scheme) : null,
    inherent: risk.inherent ? rate(risk.inherent, scheme) : null,
    aboveAppetite: open && isAboveAppetite(current.rating, risk.category, scheme),
    reviewDue: reviewDue(risk, cycleMonths) ?? null,
    reviewOverdue: isReviewOverdue(risk, cycleMonths, today),
    overdueActions: open ? (risk.actions ?? []).filter((a) => isActionOverdue(a, today)).length : 0,
    previous: travel.previous,
    direction: travel.direction,
    since: travel.since,
  };
}

/**
 * A register as its pages print it. `travel` (from registerTravel in core/history) gives each
 * risk's previous rating and direction; a risk it does not cover counts as new.
 */
export function reportRegister(
  entry: RegisterEntry,
  ws: Workspace,
  now: Date,
  people: Map<string, Person> = new Map(ws.people.map((p) => [p.id, p])),
  travel: RegisterTravel = noTravel(isoDay(now)),
): RegisterReport {
  const today = isoDay(now);
  const scheme = ws.settings.scoring;
  const newRisk: Travel = { previous: null, direction: 'new', since: travel.baseline.since };
  const risks = entry.risks
    .map((r) => reportRisk(r.risk, r.version, entry.register.id, ws, people, entry.register.reviewCycleMonths, today, travel.risks.get(r.risk.id) ?? newRisk))
    .sort(byOpenThenId);
  const plain = entry.risks.map((r) => r.risk);
  return {
    register: entry.register,
    risks,
    heatmap: { current: heatmap(plain, 'current'), target: heatmap(plain, 'target') },
    bands: { current: bandCounts(plain, 'current', scheme), target: bandCounts(plain, 'target', scheme) },
    overdueReviews: risks.filter((r) => r.reviewOverdue).length,
    overdueActions: risks.reduce((n, r) => n + r.overdueActions, 0),
    baseline: travel.baseline,
  };
}

/**
 * The categories a register's risks use, each once, in the order the register table's
 * category filter lists them (localeCompare), so "adult care" sits beside "Adults".
 */
export function categoriesUsed(report: RegisterReport): string[] {
  const used = new Set(report.risks.flatMap((r) => (r.risk.category === undefined ? [] : [r.risk.category])));
  return [...used].sort((a, b) => a.localeCompare(b));
}

function byOpenThenId(a: RiskReport, b: RiskReport): number {
  const open = Number(b.risk.status === 'open') - Number(a.risk.status === 'open');
  return open !== 0 ? open : compareRiskIds(a.risk.id, b.risk.id);
}
