/**
 * The history as the published site may show it: what happened to risks and registers while
 * they were in a published register. A restricted register's risks, what they held and the
 * register's id are themselves restricted, including for a risk that later moved into a
 * published register, or out of one.
 */
import type { Change } from './diff.ts';
import { registerIdsOf, type History, type Revision, type SubjectHistory } from './history.ts';

/** The register on the far side of a move into or out of the published registers: not named. */
export const UNPUBLISHED_REGISTER = '';

/**
 * Only revisions with a published side (under a register's id or one it had before a rename);
 * a move across the boundary keeps the published side alone.
 */
export function publishedHistory(history: History, publishedIds: ReadonlySet<string>): History {
  const published = registerIdsOf(history, publishedIds);
  const seen = new Map<Revision, Revision | null>();
  const view = (revision: Revision): Revision | null => {
    if (!seen.has(revision)) seen.set(revision, publishedRevision(revision, published));
    return seen.get(revision) ?? null;
  };
  const subjects = (map: Map<string, SubjectHistory>): Map<string, SubjectHistory> => {
    const shown = new Map<string, SubjectHistory>();
    for (const [id, subject] of map) {
      const revisions = subject.revisions.map(view).filter((r): r is Revision => r !== null);
      if (revisions.length > 0) shown.set(id, { ...subject, formerIds: formerIdsShown(subject, revisions), revisions });
    }
    return shown;
  };
  return {
    commits: history.commits,
    revisions: history.revisions.map(view).filter((r): r is Revision => r !== null),
    risks: subjects(history.risks),
    registers: subjects(history.registers),
  };
}

function publishedRevision(revision: Revision, published: ReadonlySet<string>): Revision | null {
  const shown = (side: Revision['before']): Revision['before'] => (side !== null && published.has(side.registerId) ? side : null);
  const before = shown(revision.before);
  const after = shown(revision.after);
  if (before === revision.before && after === revision.after) return revision;
  const side = after ?? before;
  if (side === null) return null;
  // Entered or left the published registers: a move, with nothing of the other side.
  const move: Change = { kind: 'moved', from: before?.registerId ?? UNPUBLISHED_REGISTER, to: after?.registerId ?? UNPUBLISHED_REGISTER };
  return { ...revision, id: side.id, registerId: side.registerId, before, after, changes: [move] };
}

/** Earlier ids the published revisions themselves show: not one the risk had in a restricted register. */
function formerIdsShown(subject: SubjectHistory, revisions: readonly Revision[]): string[] {
  const ids = new Set(revisions.flatMap((r) => [r.before?.id, r.after?.id]));
  return subject.formerIds.filter((id) => ids.has(id));
}
