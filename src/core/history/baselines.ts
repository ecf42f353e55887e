/**
 * Reporting baselines: the points committees compare with ("the register as it stood at the
 * March 2021 cabinet"). Declared in `baselines.json` in the data directory:
 *
 *   { "baselines": [
 *       { "slug": "2021-03-cabinet", "name": "Cabinet, 16 March 2021", "tag": "report/2021-03-cabinet" },
 *       { "slug": "2021-06-scrutiny", "date": "2021-06-10" } ] }
 *
 * Each is a date (the data as it stood at the end of that day in the UK) or a git tag (the
 * data in the tagged commit). The latest one on or before the build's day is the default;
 * with none declared, each register's baseline is one review cycle before the build.
 */
import { z } from 'zod';
import { addMonths, isoDay } from '../dates.ts';
import type { DataFiles } from '../data/load.ts';
import { describeJsonError, parseJsonFile } from '../data/serialize.ts';
import { parseWithProblems, warning, type Problem } from '../problems.ts';
import { DaySchema, NonEmptyText } from '../schemas/common.ts';
import { indexAtDay, indexAtTime, type History } from './history.ts';

/** Where baselines are declared, relative to the data directory. */
export const BASELINES_FILE = 'baselines.json';

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** A URL-safe baseline slug, e.g. `2021-03-cabinet`. */
export const BaselineSlugSchema = z
  .string({ error: 'must be a slug, e.g. 2021-03-cabinet' })
  .regex(SLUG, { error: 'must be lowercase letters, digits and hyphens, e.g. 2021-03-cabinet' });

/** One reporting baseline: a date or a git tag. */
export const BaselineSchema = z
  .strictObject({
    /** In URLs (`/registers/ID/as-at/SLUG/`) and in the JSON API's `since`. Default: the date, or the tag's last part. */
    slug: BaselineSlugSchema.optional(),
    /** As a page prints it, e.g. `Cabinet, 16 March 2021`. */
    name: NonEmptyText.optional(),
    /** The data as it stood at the end of this day (UK). */
    date: DaySchema.optional(),
    /** A git tag marking the commit reported, e.g. `report/2021-03-cabinet`. */
    tag: z
      .string({ error: 'must be a git tag name, e.g. report/2021-03-cabinet' })
      .regex(/^(?!-)(?!.*\.\.)(?!.*\/\/)[A-Za-z0-9._/-]+(?<![./])$/, { error: 'must be a git tag name, e.g. report/2021-03-cabinet' })
      .optional(),
  })
  .refine((b) => (b.date === undefined) !== (b.tag === undefined), { error: 'must give either a date or a tag, not both or neither' });

export const BaselinesFileSchema = z.strictObject({
  baselines: z.array(BaselineSchema, { error: 'must be a list of baselines, e.g. [{ "slug": "2021-03-cabinet", "date": "2021-03-16" }]' }),
});

export interface Baseline {
  slug: string;
  name: string | null;
  date: string | null;
  tag: string | null;
}

/** The baselines declared in the data directory (none when there is no baselines.json). */
export function parseBaselines(files: DataFiles): { baselines: Baseline[]; problems: Problem[] } {
  const text = files.get(BASELINES_FILE);
  if (text === undefined) return { baselines: [], problems: [] };
  let json: unknown;
  try {
    json = parseJsonFile(text);
  } catch (err) {
    return { baselines: [], problems: [{ severity: 'error', file: BASELINES_FILE, message: describeJsonError(text, err) }] };
  }
  const parsed = parseWithProblems(BaselinesFileSchema, json, BASELINES_FILE);
  if (parsed.value === undefined) return { baselines: [], problems: parsed.problems };
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const baselines: Baseline[] = [];
  parsed.value.baselines.forEach((b, i) => {
    const slug = b.slug ?? b.date ?? b.tag?.split('/').at(-1) ?? '';
    if (!SLUG.test(slug)) {
      problems.push({ severity: 'error', file: BASELINES_FILE, path: `baselines[${i}].slug`, message: `is required: "${slug}" cannot be used in a web address, so give a slug such as 2021-03-cabinet` });
      return;
    }
    if (seen.has(slug)) {
      problems.push({ severity: 'error', file: BASELINES_FILE, path: `baselines[${i}].slug`, message: `${slug} is used by another baseline: give each baseline its own slug` });
      return;
    }
    seen.add(slug);
    baselines.push({ slug, name: b.name ?? null, date: b.date ?? null, tag: b.tag ?? null });
  });
  return { baselines, problems };
}

/** A tag as git resolved it: the commit it marks and that commit's committer date. */
export interface TagTarget {
  commit: string;
  /** Seconds since the epoch. */
  committedAt: number;
}

/** A baseline placed in the history. */
export interface ResolvedBaseline {
  /** The declared slug; null for the default of one review cycle before the build. */
  slug: string | null;
  name: string | null;
  /** The calendar day it stands for (UK). */
  day: string;
  /** The last data commit at or before it (index into history.commits); -1 when there was none. */
  index: number;
  /** What the JSON API gives as `since`: the slug, or the date when none is declared. */
  since: string;
}

/**
 * Places each declared baseline in the history. A tag git does not know is left out with a
 * warning (never a failure): perhaps the clone did not fetch tags.
 */
export function resolveBaselines(baselines: readonly Baseline[], history: History, tags: ReadonlyMap<string, TagTarget>): { resolved: ResolvedBaseline[]; problems: Problem[] } {
  const resolved: ResolvedBaseline[] = [];
  const problems: Problem[] = [];
  baselines.forEach((b, i) => {
    if (b.date !== null) {
      resolved.push({ slug: b.slug, name: b.name, day: b.date, index: indexAtDay(history, b.date), since: b.slug });
      return;
    }
    const target = b.tag === null ? undefined : tags.get(b.tag);
    if (target === undefined) {
      problems.push(
        warning(BASELINES_FILE, `the git tag ${b.tag ?? ''} is not in the repository, so baseline ${b.slug} is left out: create the tag, or fetch tags in the build (git fetch --tags)`, {
          path: `baselines[${i}].tag`,
        }),
      );
      return;
    }
    const onLine = history.commits.findLast((c) => c.id === target.commit);
    resolved.push({
      slug: b.slug,
      name: b.name,
      day: isoDay(new Date(target.committedAt * 1000)),
      index: onLine ? onLine.index : indexAtTime(history, target.committedAt),
      since: b.slug,
    });
  });
  return { resolved, problems };
}

/** The latest declared baseline on or before today (the build's day); null when there is none. */
export function latestBaseline(resolved: readonly ResolvedBaseline[], today: string): ResolvedBaseline | null {
  let latest: ResolvedBaseline | null = null;
  for (const b of resolved) {
    if (b.day <= today && (latest === null || b.day >= latest.day)) latest = b;
  }
  return latest;
}

/** With no baseline declared: one review cycle (in months) before today. */
export function cycleBaseline(history: History, cycleMonths: number, today: string): ResolvedBaseline {
  const day = addMonths(today, -cycleMonths);
  return { slug: null, name: null, day, index: indexAtDay(history, day), since: day };
}

/**
 * The baseline a register is compared with: the latest declared one on or before the build,
 * else one of its review cycles before the build.
 */
export function baselineFor(resolved: readonly ResolvedBaseline[], history: History, cycleMonths: number, now: Date): ResolvedBaseline {
  const today = isoDay(now);
  return latestBaseline(resolved, today) ?? cycleBaseline(history, cycleMonths, today);
}
