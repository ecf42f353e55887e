/**
 * The audit trail: one row per change to a risk or register, with who made, submitted and
 * merged it and what is wrong with how it arrived. `npm run audit` prints it; the CSV header is
 * a contract.
 */
import Papa from 'papaparse';
import { matchPerson } from '../csv/columns.ts';
import type { Person } from '../schemas/person.ts';
import { financialYearOf, fyLabel } from '../measures/periods.ts';
import type { ChangeKind } from './diff.ts';
import { scoreOf } from './diff.ts';
import { registerIdsOf, type History, type Revision } from './history.ts';
import { AUDIT_CSV_HEADER } from './audit-header.ts';

export { AUDIT_CSV_HEADER };

/**
 * direct: reached the base branch without a merged proposal. self-approved: merged by the
 * person who submitted it. invalid: the data did not validate at that commit.
 */
export const AUDIT_FLAGS = ['direct', 'self-approved', 'invalid'] as const;
export type AuditFlag = (typeof AUDIT_FLAGS)[number];

export interface AuditRow {
  /** The day it reached the base branch (UK), YYYY-MM-DD. */
  date: string;
  commit: string;
  register: string;
  /** The risk id; empty for a change to the register itself. */
  risk: string;
  change: ChangeKind[];
  /** The current rating before and after (likelihood × impact); null when there was none. */
  before: number | null;
  after: number | null;
  author: string;
  submitter: string;
  proposal: string;
  mergedBy: string;
  flags: AuditFlag[];
  revision: Revision;
}

export function auditRow(revision: Revision): AuditRow {
  const { commit } = revision;
  const { origin } = commit;
  const flags: AuditFlag[] = [];
  if (origin.direct) flags.push('direct');
  if (origin.selfApproved) flags.push('self-approved');
  if (commit.problems.length > 0) flags.push('invalid');
  const risk = revision.kind === 'risk';
  return {
    date: commit.day,
    commit: commit.id,
    register: revision.registerId,
    risk: risk ? revision.id : '',
    change: revision.changes.map((c) => c.kind),
    before: risk ? (scoreOf(revision.before?.data ?? null, 'current')?.rating ?? null) : null,
    after: risk ? (scoreOf(revision.after?.data ?? null, 'current')?.rating ?? null) : null,
    author: origin.author.name,
    submitter: origin.submitter?.name ?? '',
    proposal: origin.proposal ?? '',
    mergedBy: origin.mergedBy?.name ?? '',
    flags,
    revision,
  };
}

export interface AuditFilter {
  /** First and last day (UK), inclusive, YYYY-MM-DD. */
  from?: string | undefined;
  to?: string | undefined;
  /** Only these registers (e.g. the published ones). A risk moved between registers shows in both. */
  registers?: ReadonlySet<string> | undefined;
  /**
   * Anyone named as author, submitter or merger, by any of these: names, emails or Oversight
   * person ids, any case (auditPersonKeys gives all three for someone in people.json).
   */
  person?: string | readonly string[] | undefined;
  change?: ChangeKind | undefined;
}

/** Rows for every change, oldest first, filtered. */
export function auditRows(history: History, filter: AuditFilter = {}): AuditRow[] {
  const keys = (typeof filter.person === 'string' ? [filter.person] : (filter.person ?? [])).map((k) => k.trim().toLowerCase()).filter((k) => k !== '');
  // A register's changes from before its folder was renamed are under its old id.
  const registers = filter.registers === undefined ? undefined : registerIdsOf(history, filter.registers);
  return history.revisions
    .filter((r) => (filter.from === undefined || r.commit.day >= filter.from) && (filter.to === undefined || r.commit.day <= filter.to))
    .filter((r) => registers === undefined || [r.before?.registerId, r.after?.registerId].some((id) => id !== undefined && registers.has(id)))
    .filter((r) => filter.change === undefined || r.changes.some((c) => c.kind === filter.change))
    .filter((r) => {
      if (keys.length === 0) return true;
      const { origin } = r.commit;
      return [origin.author, origin.submitter, origin.mergedBy].some((p) => p !== null && [p.name, p.email, p.id].some((k) => k !== null && keys.includes(k.toLowerCase())));
    })
    .map(auditRow);
}

/**
 * The ways the history may name someone in people.json (found by id, email or name, as imports
 * find owners): their id, name and email, since a commit records a name and email and only
 * Oversight's trailers add the id. Undefined when people.json has nobody of that id, email or name.
 */
export function auditPersonKeys(text: string, people: readonly Person[]): string[] | undefined {
  const match = matchPerson(people, text);
  if (match.kind !== 'found') return undefined;
  const { id, name, email } = match.person;
  return email === undefined ? [id, name] : [id, name, email];
}

/** Every register a change in the history touched, whether or not it still exists. */
export function auditedRegisters(history: History): Set<string> {
  return new Set(history.revisions.flatMap((r) => [r.before?.registerId, r.after?.registerId]).filter((id): id is string => id !== undefined));
}

/** The UK financial year (April to March) a day falls in: `2026-03-31` → `2025-26`. */
export function financialYearOfDay(day: string): string {
  return fyLabel(financialYearOf({ kind: 'month', year: Number(day.slice(0, 4)), month: Number(day.slice(5, 7)) }));
}

/**
 * The rows by financial year, newest year first, each year's rows in the order given. The site
 * gives each year a page of its own: one page of every change would grow with the whole history
 * (years of monthly reviews are tens of thousands of rows, megabytes of HTML).
 */
export function auditYears<Row extends { date: string }>(rows: readonly Row[]): { year: string; rows: Row[] }[] {
  const years = new Map<string, Row[]>();
  for (const row of rows) {
    const year = financialYearOfDay(row.date);
    const list = years.get(year) ?? [];
    list.push(row);
    years.set(year, list);
  }
  return [...years].sort(([a], [b]) => (a < b ? 1 : a > b ? -1 : 0)).map(([year, list]) => ({ year, rows: list }));
}

/** The rows as CSV: the header, one line per row, CRLF line ends, cells a spreadsheet will not run as formulas. */
export function auditCsv(rows: readonly AuditRow[]): string {
  const data = rows.map((r) => [
    r.date,
    r.commit,
    r.register,
    r.risk,
    r.change.join(';'),
    r.before === null ? '' : String(r.before),
    r.after === null ? '' : String(r.after),
    r.author,
    r.submitter,
    r.proposal,
    r.mergedBy,
    r.flags.join(';'),
  ]);
  const body = data.length === 0 ? '' : `${Papa.unparse(data, { newline: '\r\n', escapeFormulae: true })}\r\n`;
  return `${AUDIT_CSV_HEADER}\r\n${body}`;
}

/** A plain-text table for the terminal. */
export function auditText(rows: readonly AuditRow[]): string {
  const header = ['date', 'commit', 'register', 'risk', 'change', 'rating', 'author', 'submitter', 'proposal', 'merged by', 'flags'];
  const lines = rows.map((r) => [
    r.date,
    r.commit.slice(0, 8),
    r.register,
    r.risk || '-',
    r.change.join(';'),
    r.risk === '' ? '' : `${r.before ?? '-'} -> ${r.after ?? '-'}`,
    r.author,
    r.submitter || '-',
    r.proposal || '-',
    r.mergedBy || '-',
    r.flags.join(';'),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  const format = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [format(header), ...lines.map(format)].join('\n');
}
