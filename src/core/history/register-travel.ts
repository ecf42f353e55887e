/**
 * What a register page and `/api/registers/ID.json` need from history, in one call per
 * register: the baseline it is compared with and each risk's previous rating and direction.
 */
import type { Register } from '../schemas/register.ts';
import { compareRiskIds } from '../data/next-risk-id.ts';
import { RiskSchema, type Risk } from '../schemas/risk.ts';
import type { ScoringScheme } from '../schemas/scoring-scheme.ts';
import { baselineFor, type ResolvedBaseline } from './baselines.ts';
import { registerIdsOf, stateAt, type History } from './history.ts';
import { travelFor, type CurrentRisk, type Travel } from './travel.ts';

export interface RegisterTravel {
  baseline: ResolvedBaseline;
  /** By risk id; every risk given has one. */
  risks: Map<string, Travel>;
}

export function registerTravel(
  history: History,
  baselines: readonly ResolvedBaseline[],
  register: Pick<Register, 'reviewCycleMonths'>,
  risks: readonly CurrentRisk[],
  now: Date,
  scheme: ScoringScheme,
): RegisterTravel {
  const baseline = baselineFor(baselines, history, register.reviewCycleMonths, now);
  return { baseline, risks: new Map(risks.map((r) => [r.id, travelFor(history, r, baseline, scheme)])) };
}

/**
 * The risks a register held at a baseline (for "as at" views), as the files then said, under
 * any id the register had then; a file that did not pass the risk schema then is left out.
 */
export function risksAt(history: History, registerId: string, baseline: Pick<ResolvedBaseline, 'index'>): Risk[] {
  const risks: Risk[] = [];
  const ids = registerIdsOf(history, [registerId]);
  for (const subject of history.risks.values()) {
    const state = stateAt(subject, baseline.index);
    if (state === null || !ids.has(state.registerId)) continue;
    const parsed = RiskSchema.safeParse(state.data);
    if (parsed.success) risks.push(parsed.data);
  }
  return risks.sort((a, b) => compareRiskIds(a.id, b.id));
}
