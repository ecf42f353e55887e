/**
 * History for the build, in one call: the baselines declared in the data directory, the
 * history of the repository holding it (one `git log`, one `git cat-file --batch`; a shallow
 * clone is deepened or the call fails), and the baselines placed in it. Everything that is
 * not right but need not stop a build (a missing tag, files not yet committed, no git at all)
 * comes back as warnings.
 */
import type { DataFiles } from '../../core/data/load.ts';
import { parseBaselines, resolveBaselines, type ResolvedBaseline } from '../../core/history/baselines.ts';
import type { History } from '../../core/history/history.ts';
import type { Problem } from '../../core/problems.ts';
import { readHistory, type ShallowPolicy } from './read-history.ts';

export interface BuildHistory {
  history: History;
  /** The declared baselines git could place, in declaration order. */
  baselines: ResolvedBaseline[];
  /** Errors in baselines.json, and warnings. */
  problems: Problem[];
}

export async function loadBuildHistory(dataDir: string, files: DataFiles, options: { shallow?: ShallowPolicy; validate?: boolean } = {}): Promise<BuildHistory> {
  const declared = parseBaselines(files);
  const tags = declared.baselines.flatMap((b) => (b.tag === null ? [] : [b.tag]));
  const read = await readHistory({ dataDir, tags, shallow: options.shallow ?? 'deepen', validate: options.validate ?? true });
  const { resolved, problems } = resolveBaselines(declared.baselines, read.history, read.tags);
  return { history: read.history, baselines: resolved, problems: [...declared.problems, ...read.problems, ...problems] };
}
