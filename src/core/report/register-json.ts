import type { Rating } from '../scoring/rating.ts';
import type { RegisterReport } from './register-report.ts';

/** A rating as the JSON API publishes it. */
export interface RatingJson {
  likelihood: number;
  impact: number;
  rating: number;
  band: string;
}

function ratingJson(r: Rating): RatingJson {
  return { likelihood: r.likelihood, impact: r.impact, rating: r.rating, band: r.band.name };
}

/** `/api/registers/ID.json`: a contract other tools depend on; change it only additively. */
export function registerJson(report: RegisterReport) {
  const { register } = report;
  return {
    id: register.id,
    name: register.name,
    level: register.level,
    heatmap: report.heatmap,
    bands: report.bands,
    risks: report.risks.map((r) => ({
      id: r.risk.id,
      title: r.risk.title,
      owners: r.owners.map((p) => ({ id: p.id, name: p.name })),
      status: r.risk.status,
      current: ratingJson(r.current),
      target: r.target ? ratingJson(r.target) : null,
      // The git blob id of the risk's file, for POST /api/risks/ID/updates as baseVersion.
      version: r.version,
      // The rating at the baseline (likelihood and impact null when only a rating was imported).
      previous: r.previous,
      direction: r.direction,
      // The baseline's slug, or its date when none is declared.
      since: r.since,
    })),
  };
}

/** `/api/registers.json`: every published register, as a list. */
export function registersIndexJson(reports: readonly RegisterReport[]) {
  return reports.map((r) => ({ id: r.register.id, name: r.register.name, level: r.register.level }));
}
