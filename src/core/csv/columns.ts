/**
 * The register interchange CSV: its columns and how each maps to a Risk field.
 * Import and export both read these tables, so the two directions cannot drift apart.
 */
import type { Person } from '../schemas/person.ts';
import type { Risk } from '../schemas/risk.ts';

/** Every column, in the order export writes them. */
export const CSV_COLUMNS = [
  'id',
  'title',
  'owner',
  'current_likelihood',
  'current_impact',
  'target_likelihood',
  'target_impact',
  'last_review',
  'next_review',
  'status',
  'description',
  'cause',
  'event',
  'consequence',
  'category',
  'cabinet_member',
  'previous_rating',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

/** A file without any of these cannot be imported. */
export const REQUIRED_COLUMNS: readonly CsvColumn[] = ['id', 'title', 'owner', 'current_likelihood', 'current_impact'];

/** Columns recognised but never imported: `--register` decides which register the rows go to. */
export const IGNORED_COLUMNS: readonly string[] = ['register'];

/** Separates several owners or cabinet members in one cell. */
export const LIST_SEPARATOR = ';';

/**
 * A cell a spreadsheet would run as a formula (=, +, -, @, tab or return first, after any
 * apostrophes). Export puts an apostrophe before such a cell, as OWASP advises against CSV
 * injection; import takes exactly one off again, so every text survives the round trip.
 */
export const FORMULA_LIKE = /^'*[=+\-@\t\r]/;

export function unescapeFormula(cell: string): string {
  return cell.startsWith("'") && FORMULA_LIKE.test(cell) ? cell.slice(1) : cell;
}

/** Free-text columns and the Risk field each fills. `title` is required; the rest may be blank. */
export const TEXT_COLUMNS = {
  title: 'title',
  description: 'description',
  cause: 'causes',
  event: 'event',
  consequence: 'consequences',
  category: 'category',
} as const satisfies Partial<Record<CsvColumn, keyof Risk>>;

/** Review-date columns. */
export const DATE_COLUMNS = {
  last_review: 'lastReview',
  next_review: 'nextReview',
} as const satisfies Partial<Record<CsvColumn, keyof Risk>>;

/** The two halves of each rating: [likelihood column, impact column]. */
export const RATING_COLUMNS = {
  current: ['current_likelihood', 'current_impact'],
  target: ['target_likelihood', 'target_impact'],
} as const satisfies Partial<Record<keyof Risk, readonly [CsvColumn, CsvColumn]>>;

/** The Risk field each column fills. */
export const COLUMN_FIELDS = {
  id: 'id',
  owner: 'owners',
  current_likelihood: 'current',
  current_impact: 'current',
  target_likelihood: 'target',
  target_impact: 'target',
  status: 'status',
  cabinet_member: 'cabinetMembers',
  previous_rating: 'previousRating',
  ...TEXT_COLUMNS,
  ...DATE_COLUMNS,
} as const satisfies Record<CsvColumn, keyof Risk>;

/**
 * The column a field path in a risk file comes from, e.g. `owners[1]` → `owner`,
 * `current.impact` → `current_impact`; undefined for fields no column fills
 * (and for `target` as a whole, which two columns fill together).
 */
export function columnForPath(path: string | undefined): CsvColumn | undefined {
  if (path === undefined) return undefined;
  const [field = '', sub] = path.split(/[.[]/);
  if (field === 'current' || field === 'target') {
    if (sub === 'likelihood') return RATING_COLUMNS[field][0];
    if (sub === 'impact') return RATING_COLUMNS[field][1];
    return undefined;
  }
  return CSV_COLUMNS.find((c) => COLUMN_FIELDS[c] === field);
}

/** Splits a list cell (`Amina Okafor; Sam Patel`) into trimmed, non-empty items. */
export function splitList(cell: string): string[] {
  return cell
    .split(LIST_SEPARATOR)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

export function joinList(items: readonly string[] | undefined): string {
  return (items ?? []).join(LIST_SEPARATOR);
}

/** Names compare case-insensitively, trimmed, with runs of spaces as one and curly apostrophes as straight ones. */
export function normaliseName(text: string): string {
  // Word and Outlook turn O'Brien into O’Brien: both are the same person.
  return text.trim().replace(/\s+/g, ' ').replace(/[‘’ʼ]/g, "'").toLowerCase();
}

export type PersonMatch =
  | { kind: 'found'; person: Person }
  | { kind: 'ambiguous'; people: Person[] }
  | { kind: 'none' };

/**
 * Finds the person an owner cell names: by id, else by email, else by name
 * (each case-insensitive and trimmed). A name two people share is ambiguous.
 */
export function matchPerson(people: readonly Person[], text: string): PersonMatch {
  const wanted = normaliseName(text);
  if (wanted === '') return { kind: 'none' };
  const byId = people.find((p) => p.id === wanted);
  if (byId) return { kind: 'found', person: byId };
  for (const key of ['email', 'name'] as const) {
    const hits = people.filter((p) => p[key] !== undefined && normaliseName(p[key]) === wanted);
    const [first] = hits;
    if (hits.length === 1 && first) return { kind: 'found', person: first };
    if (hits.length > 1) return { kind: 'ambiguous', people: hits };
  }
  return { kind: 'none' };
}

/**
 * How export writes an owner: the person's name, unless that name would not
 * lead import back to the same person (two people share it, or it contains the
 * list separator); then the person id. An id nobody has is written as it is.
 */
export function ownerLabel(people: readonly Person[], personId: string): string {
  const person = people.find((p) => p.id === personId);
  if (!person) return personId;
  if (person.name.includes(LIST_SEPARATOR)) return person.id;
  const match = matchPerson(people, person.name);
  return match.kind === 'found' && match.person.id === person.id ? person.name : person.id;
}
