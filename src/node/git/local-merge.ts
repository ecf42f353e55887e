import type { FileVersion, MergeResult, Signature } from '../../core/git/backend.ts';
import { mergeMessage } from './commit-message.ts';
import { MergeRefusedError, ProposalNotOpenError } from './errors.ts';
import { GitError, gitFields, gitText, identityEnv, runGit } from './git-process.ts';
import { REFS, type ProposalRecord } from './local-proposals.ts';
import { readFilesAt, resolveCommit, updateRefs, type RepoContext } from './local-repo.ts';

/** Tries again when the base branch moved between reading it and updating it. */
const ATTEMPTS = 5;

/**
 * Merges an open proposal into the base branch:
 *  1. the merged tree from `git merge-tree --write-tree` (git 2.38+; no index, no working
 *     tree). When the base branch has not moved since the branch point that is simply the
 *     branch's tree; when it has, a three-way merge, refused if any file conflicts;
 *  2. `validate` sees every data file of the merged tree, and may refuse it;
 *  3. a merge commit (parents: base head, branch tip; author the reviewer, committer the bot);
 *  4. if the checkout has the base branch checked out, a dry run of bringing it up to date
 *     (see updateCheckout): when it would refuse, nothing is moved and the merge is refused;
 *  5. one ref transaction: the base branch from the head read in step 1 to the merge commit,
 *     refs/oversight/merged/<id> created, the branch deleted. If the base branch moved
 *     meanwhile, start again from step 1;
 *  6. the checkout brought up to date. Should that now refuse (a file edited since the dry
 *     run), step 5 is undone and the merge refused: the base branch never moves while the
 *     index and working tree still hold the old files, where the next `git commit` would
 *     quietly undo the merge.
 */
export async function mergeRecord(
  ctx: RepoContext,
  load: () => Promise<ProposalRecord>,
  reviewer: Signature,
  validate?: (files: Map<string, FileVersion>) => string[],
): Promise<MergeResult> {
  for (let attempt = 1; ; attempt++) {
    const record = await load();
    const { proposal, tip } = record;
    if (proposal.state !== 'open' || tip === null) throw new ProposalNotOpenError(proposal.id, proposal.state);
    const old = await resolveCommit(ctx, ctx.baseRef);
    const tree = await mergedTree(ctx, old, tip, proposal.id);
    if (validate) {
      const problems = validate(await readFilesAt(ctx, tree));
      if (problems.length > 0) throw new MergeRefusedError(`proposal ${proposal.id} was not merged: the merged data does not pass validation`, problems);
    }
    const merge = await gitText(ctx.root, ['commit-tree', '--no-gpg-sign', tree, '-p', old, '-p', tip, '-F', '-'], {
      env: identityEnv(reviewer, ctx.committer, ctx.now()),
      input: mergeMessage(proposal.id, proposal.title, reviewer),
    });
    const checkedOut = await hasBaseCheckedOut(ctx);
    if (checkedOut) await updateCheckout(ctx, proposal.id, old, merge, { dryRun: true });
    const moves = { merged: `${REFS.merged}${proposal.id}`, branch: `${REFS.heads}${proposal.branch}` };
    const { ok, reason } = await updateRefs(ctx, [`update ${ctx.baseRef} ${merge} ${old}`, `create ${moves.merged} ${merge}`, `delete ${moves.branch} ${tip}`]);
    if (!ok) {
      if (attempt < ATTEMPTS) continue; // the next round reports a proposal no longer open
      throw new Error(`proposal ${proposal.id} was not merged: ${ctx.baseBranch} kept changing (${reason}); try again`);
    }
    if (checkedOut) {
      await updateCheckout(ctx, proposal.id, old, merge, { dryRun: false }).catch(async (err: unknown) => {
        const undo = await updateRefs(ctx, [`update ${ctx.baseRef} ${old} ${merge}`, `delete ${moves.merged} ${merge}`, `create ${moves.branch} ${tip}`]);
        if (!undo.ok) {
          throw new Error(
            `proposal ${proposal.id} was merged into ${ctx.baseBranch}, but the checkout in ${ctx.root} could not be brought up to date, as a file the merge changes was edited meanwhile: commit or stash your changes, then run git read-tree -m -u ${old} ${merge} (${undo.reason})`,
            { cause: err },
          );
        }
        throw err;
      });
    }
    return { ...proposal, state: 'merged', mergedBy: reviewer.name, workingTree: checkedOut ? 'updated' : 'not-checked-out' };
  }
}

async function mergedTree(ctx: RepoContext, base: string, tip: string, id: string): Promise<string> {
  const { stdout, code } = await runGit(ctx.root, ['merge-tree', '--write-tree', '--name-only', '--no-messages', '-z', base, tip], { okCodes: [0, 1] }).catch(
    (err: unknown) => {
      throw new Error(`proposal ${id} was not merged: git merge-tree failed (merging needs git 2.38 or later)`, { cause: err });
    },
  );
  const [tree = '', ...paths] = stdout.toString('utf8').split('\0').filter((f) => f !== '');
  if (code === 1) {
    const conflicts = [...new Set(paths)].map((p) => (p.startsWith(ctx.prefix) ? p.slice(ctx.prefix.length) : p));
    throw new MergeRefusedError(`proposal ${id} was not merged: it conflicts with changes made on ${ctx.baseBranch} since it was proposed`, conflicts);
  }
  return tree;
}

/** Whether the working tree has the base branch checked out, so a merge must bring it along. */
async function hasBaseCheckedOut(ctx: RepoContext): Promise<boolean> {
  const head = await gitText(ctx.root, ['symbolic-ref', '--quiet', 'HEAD']).catch(() => '');
  return head === ctx.baseRef;
}

/**
 * Brings the checkout from `old` to `merge` (or, with dryRun, checks that it could):
 * `read-tree -m -u` is a two-tree fast-forward of the real index and working tree. Work in
 * progress on files the merge does not change is kept as it is, staged or not; if a file it
 * would write is modified, staged or untracked in the way, it refuses and changes nothing,
 * and so does the merge, naming those files.
 */
async function updateCheckout(ctx: RepoContext, id: string, old: string, merge: string, { dryRun }: { dryRun: boolean }): Promise<void> {
  // Refresh the index's record of file times first, or a file touched but unchanged would count as modified.
  await runGit(ctx.root, ['update-index', '-q', '--refresh'], { okCodes: [0, 1] });
  try {
    await runGit(ctx.root, ['read-tree', '-m', '-u', ...(dryRun ? ['-n'] : []), old, merge]);
  } catch (err) {
    const files = await uncommittedFilesChanged(ctx, old, merge);
    const reasons = files.length > 0 ? files : [err instanceof GitError ? err.stderr.trim() : String(err)];
    throw new MergeRefusedError(
      `proposal ${id} was not merged, and nothing was changed: the checkout in ${ctx.root} has uncommitted changes to files the merge would write; commit or stash them (git stash), then merge again`,
      reasons,
    );
  }
}

/** Files the merge changes that have uncommitted changes (staged, not, or untracked), each with what git status says of it. */
async function uncommittedFilesChanged(ctx: RepoContext, old: string, merge: string): Promise<string[]> {
  const pathspec = ctx.prefix === '' ? [] : ['--', ctx.prefix];
  const [changed, status] = await Promise.all([
    gitFields(ctx.root, ['--literal-pathspecs', 'diff-tree', '-r', '-z', '--name-only', '--no-renames', old, merge, ...pathspec]),
    gitFields(ctx.root, ['--literal-pathspecs', '--no-optional-locks', 'status', '--porcelain', '-z', '--no-renames', '--untracked-files=all', ...pathspec]),
  ]);
  const merged = new Set(changed);
  return status.flatMap((entry) => {
    const path = entry.slice(3);
    if (!merged.has(path)) return [];
    return [`${path} (${entry.startsWith('??') ? 'untracked' : 'modified'})`];
  });
}
