import { isoDay } from '../dates.ts';
import { isActionOverdue, isReviewOverdue, reviewDue } from '../data/validate.ts';
import type { RegisterEntry, Workspace } from '../data/workspace.ts';
import type { Person } from '../schemas/person.ts';
import type { Register } from '../schemas/register.ts';
import type { Risk } from '../schemas/risk.ts';
import { bandCounts, heatmap, type BandCounts, type Heatmap } from '../scoring/heatmap.ts';
import { isAboveAppetite, rate, type Rating } from '../scoring/rating.ts';

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
}

export interface RegisterReport {
  register: Register;
  /** Every risk, open ones first in id order, then the rest. */
  risks: RiskReport[];
  heatmap: { current: Heatmap; target: Heatmap };
  bands: { current: BandCounts; target: BandCounts };
  overdueReviews: number;
  overdueActions: number;
}

export function reportRisk(risk: Risk, version: string, registerId: string, ws: Workspace, people: Map<string, Person>, cycleMonths: number, today: string): RiskReport {
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
  };
}

export function reportRegister(entry: RegisterEntry, ws: Workspace, now: Date, people: Map<string, Person> = new Map(ws.people.map((p) => [p.id, p]))): RegisterReport {
  const today = isoDay(now);
  const scheme = ws.settings.scoring;
  const risks = entry.risks
    .map((r) => reportRisk(r.risk, r.version, entry.register.id, ws, people, entry.register.reviewCycleMonths, today))
    .sort(byOpenThenId);
  const plain = entry.risks.map((r) => r.risk);
  return {
    register: entry.register,
    risks,
    heatmap: { current: heatmap(plain, 'current'), target: heatmap(plain, 'target') },
    bands: { current: bandCounts(plain, 'current', scheme), target: bandCounts(plain, 'target', scheme) },
    overdueReviews: risks.filter((r) => r.reviewOverdue).length,
    overdueActions: risks.reduce((n, r) => n + r.overdueActions, 0),
  };
}

function byOpenThenId(a: RiskReport, b: RiskReport): number {
  const open = Number(b.risk.status === 'open') - Number(a.risk.status === 'open');
  return open !== 0 ? open : a.risk.id.localeCompare(b.risk.id, 'en', { numeric: true });
}
