import type { RegisterReport, RiskReport } from '../../core/report/register-report.ts';
import type { ScoringScheme } from '../../core/schemas/scoring-scheme.ts';
import type { RatingKind } from '../../core/scoring/heatmap.ts';
import { bandFor, scoreLabel } from '../../core/scoring/rating.ts';
import { bandClass } from './bands.ts';

export interface HeatmapCellView {
  likelihood: number;
  impact: number;
  rating: number;
  bandName: string;
  bandClass: string;
  count: number;
  /** Fragment id of the list of risks in this cell. */
  anchor: string;
  /** Screen-reader text after the count, e.g. "open risks with a current rating of Likely (4) × Major (5)" ("open risk" after 1). */
  label: string;
  /** The heading of the list of the cell's risks, e.g. "Open risks with a current rating of Likely (4) × Major (5)". */
  heading: string;
  risks: RiskReport[];
}

export interface HeatmapTableView {
  kind: RatingKind;
  caption: string;
  impactLabels: string[];
  rows: { likelihood: number; label: string; cells: HeatmapCellView[] }[];
}

const CAPTIONS: Record<RatingKind, string> = {
  current: 'Current ratings: open risks by likelihood and impact',
  target: 'Target ratings: open risks by likelihood and impact',
};

/** The 5 × 5 table in committee-paper orientation: likelihood 5 at the top, impact 1 on the left. */
export function heatmapTable(report: RegisterReport, kind: RatingKind, scheme: ScoringScheme): HeatmapTableView {
  const grid = report.heatmap[kind];
  const rows = [5, 4, 3, 2, 1].map((likelihood) => ({
    likelihood,
    label: scoreLabel(scheme, 'likelihood', likelihood),
    cells: [1, 2, 3, 4, 5].map((impact): HeatmapCellView => {
      const band = bandFor(likelihood * impact, scheme);
      const rating = kind === 'current' ? (r: RiskReport) => r.current : (r: RiskReport) => r.target;
      const count = grid[5 - likelihood]?.[impact - 1] ?? 0;
      const ofRating = `with a ${kind} rating of ${scoreLabel(scheme, 'likelihood', likelihood)} × ${scoreLabel(scheme, 'impact', impact)}`;
      return {
        likelihood,
        impact,
        rating: likelihood * impact,
        bandName: band.name,
        bandClass: bandClass(band, scheme),
        count,
        anchor: `${kind}-l${likelihood}-i${impact}`,
        label: `${count === 1 ? 'open risk' : 'open risks'} ${ofRating}`,
        heading: `Open risks ${ofRating}`,
        risks: report.risks.filter((r) => {
          const x = rating(r);
          return r.risk.status === 'open' && x !== null && x.likelihood === likelihood && x.impact === impact;
        }),
      };
    }),
  }));
  return {
    kind,
    caption: CAPTIONS[kind],
    impactLabels: [1, 2, 3, 4, 5].map((i) => scoreLabel(scheme, 'impact', i)),
    rows,
  };
}
