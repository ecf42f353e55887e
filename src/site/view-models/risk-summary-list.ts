import { formatUkDate } from '../../core/dates.ts';
import type { RiskReport } from '../../core/report/register-report.ts';
import type { Person } from '../../core/schemas/person.ts';
import type { ScoringScheme } from '../../core/schemas/scoring-scheme.ts';
import { describeRating } from '../../core/scoring/rating.ts';

export interface SummaryRow {
  key: string;
  /** Plain text; paragraphs separated by blank lines. */
  value: string;
}

const STATUS_TEXT = { open: 'Open', closed: 'Closed', withdrawn: 'Withdrawn', moved: 'Moved' } as const;

/** The risk's own fields as GOV.UK summary-list rows, in the order a register prints them; an overdue review as at `today`. */
export function riskSummaryRows(r: RiskReport, scheme: ScoringScheme, people: Map<string, Person>, today: string): SummaryRow[] {
  const { risk } = r;
  const name = (id: string): string => people.get(id)?.name ?? id;
  const rows: (SummaryRow | false)[] = [
    { key: 'Status', value: STATUS_TEXT[risk.status] + (risk.statusReason ? `: ${risk.statusReason}` : '') + (risk.movedTo ? ` (moved to the ${risk.movedTo} register)` : '') },
    { key: r.owners.length > 1 ? 'Risk owners' : 'Risk owner', value: r.owners.map((o) => o.name + (o.jobTitle ? `, ${o.jobTitle}` : '')).join('\n') },
    risk.delegates !== undefined && risk.delegates.length > 0 && { key: 'Delegates', value: risk.delegates.map(name).join('\n') },
    risk.cabinetMembers !== undefined && risk.cabinetMembers.length > 0 && { key: 'Responsible cabinet member', value: risk.cabinetMembers.join('\n') },
    risk.category !== undefined && { key: 'Category', value: risk.category },
    risk.description !== undefined && { key: 'Description', value: risk.description },
    risk.causes !== undefined && { key: 'Causes', value: risk.causes },
    risk.event !== undefined && { key: 'Risk event', value: risk.event },
    risk.consequences !== undefined && { key: 'Consequences', value: risk.consequences },
    r.inherent !== null && { key: 'Inherent rating (before controls)', value: describeRating(r.inherent, scheme) },
    { key: 'Current rating', value: describeRating(r.current, scheme) + (r.aboveAppetite ? ' (above appetite)' : '') },
    { key: 'Target rating', value: r.target ? describeRating(r.target, scheme) : 'Not set' },
    { key: 'Last review', value: risk.lastReview ? formatUkDate(risk.lastReview) : 'Not recorded' },
    { key: 'Next review', value: (r.reviewDue ? formatUkDate(r.reviewDue) : 'Not recorded') + (r.reviewOverdue ? ` (overdue as at ${formatUkDate(today)})` : '') },
  ];
  return rows.filter((row): row is SummaryRow => row !== false);
}
