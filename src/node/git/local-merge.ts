import type { FileVersion, MergeResult, Signature, WorkingTreeUpdate } from '../../core/git/backend.ts';
import { mergeMessage } from './commit-message.ts';
import { MergeRefusedError, ProposalNotOpenError } from './errors.ts';
import { gitFields, gitText, identityEnv, runGit } from './git-process.ts';
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
 *  4. one ref transaction: the base branch from the head read in step 1 to the merge commit,
 *     refs/oversight/merged/<id> created, the branch deleted. If the base branch moved
 *     meanwhile, start again from step 1;
 *  5. the checkout, if it has the base branch checked out (see updateCheckout).
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
    const checkout = await checkoutState(ctx);
    const { ok, reason } = await updateRefs(ctx, [
      `update ${ctx.baseRef} ${merge} ${old}`,
      `create ${REFS.merged}${proposal.id} ${merge}`,
      `delete ${REFS.heads}${proposal.branch} ${tip}`,
    ]);
    if (!ok) {
      if (attempt < ATTEMPTS) continue; // the next round reports a proposal no longer open
      throw new Error(`proposal ${proposal.id} was not merged: ${ctx.baseBranch} kept changing (${reason}); try again`);
    }
    const workingTree = checkout === 'clean' ? await updateCheckout(ctx, old, merge) : checkout;
    return { ...proposal, state: 'merged', mergedBy: reviewer.name, workingTree };
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

/**
 * Whether the working tree has the base branch checked out, and if so whether the data
 * directory's tracked files match the commit (only the data directory: a merge changes data
 * files only, so work in progress elsewhere in the checkout does not stop the update).
 */
async function checkoutState(ctx: RepoContext): Promise<WorkingTreeUpdate | 'clean'> {
  const head = await gitText(ctx.root, ['symbolic-ref', '--quiet', 'HEAD']).catch(() => '');
  if (head !== ctx.baseRef) return 'not-checked-out';
  const pathspec = ctx.prefix === '' ? [] : ['--', ctx.prefix];
  // --no-optional-locks: looking must not rewrite the index (status would, to refresh it).
  const changed = await gitFields(ctx.root, ['--literal-pathspecs', '--no-optional-locks', 'status', '--porcelain', '-z', '--untracked-files=no', ...pathspec]);
  return changed.length === 0 ? 'clean' : 'dirty';
}

/**
 * Brings a clean checkout from `old` to `merge`: `read-tree -m -u` is a two-tree fast-forward of
 * the real index and working tree that refuses, changing nothing, if any file it would write
 * was modified or is untracked in the way; then it reports 'dirty'.
 */
async function updateCheckout(ctx: RepoContext, old: string, merge: string): Promise<WorkingTreeUpdate> {
  try {
    // Refresh the index's record of file times first, or a file touched but unchanged would count as modified.
    await runGit(ctx.root, ['update-index', '-q', '--refresh'], { okCodes: [0, 1] });
    await runGit(ctx.root, ['read-tree', '-m', '-u', old, merge]);
    return 'updated';
  } catch {
    return 'dirty';
  }
}
