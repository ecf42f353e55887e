/**
 * LocalGitBackend: proposals kept in the git repository that holds the data directory,
 * for `npm start` and `npm run proposals`. It works through git plumbing only: objects (a
 * proposal's commit is written by one `fast-import`) and ref transactions. Proposing never
 * touches the working tree or the repository's own index; merging updates them only when
 * that is safe.
 *
 * Refs (every change below is one `update-ref --stdin` transaction, all or nothing):
 *
 *   refs/heads/<branch>                 the proposal's branch while it is open
 *   refs/oversight/proposals/<id>       the commit propose made, kept for good (the record)
 *   refs/oversight/merged/<id>          the merge commit on the base branch, once merged
 *   refs/oversight/closed/<id>          a commit recording who closed it (parent: the branch tip)
 *   refs/oversight/staging/<random>     a proposal's commit, from fast-import until propose's transaction
 *
 * id: the first 8 hex digits of the proposal commit, so it never changes and a branch name
 * can be used again once its proposal is merged or closed (as on GitHub). The proposal commit
 * has the change's base as its parent; the bot is author and committer; its message is
 *
 *   <title>
 *
 *   <body>
 *
 *   Oversight-Branch: oversight/COR0001/<key>
 *   Oversight-Labels: COR0001, corporate
 *   Co-authored-by: Name <email>
 *   Oversight-Submitted-By: Name <email> (person-id)
 *
 * so title, body, labels, branch and author come from it, and createdAt from its committer
 * date. State: merged when refs/oversight/merged/<id> exists; closed when
 * refs/oversight/closed/<id> exists; otherwise open while refs/heads/<branch> exists and is not
 * already in the base branch (merged with plain git: merged, without mergedBy), else closed
 * (the branch was deleted outside Oversight). Merging or closing deletes the branch in the
 * same transaction that writes the record, so of a merge and a close racing, one wins.
 */
import {
  ProposalExistsError,
  StaleChangeError,
  type ChangedFile,
  type ChangeSet,
  type FileVersion,
  type MergeResult,
  type Proposal,
  type ProposalFilter,
  type ReviewableGitBackend,
  type Signature,
} from '../../core/git/backend.ts';
import { cleanSignature, closeMessage, proposalMessage } from './commit-message.ts';
import { ProposalNotFoundError, ProposalNotOpenError } from './errors.ts';
import { fastImportCommit } from './fast-import.ts';
import { catFileBatch, catFileCheck, gitText, identityEnv, runGit } from './git-process.ts';
import { mergeRecord } from './local-merge.ts';
import { forBranch, loadProposals, matches, proposalFromCommit, REFS, type ProposalRecord } from './local-proposals.ts';
import {
  assertDataPath,
  changedFiles,
  openRepo,
  readFileAt,
  readFilesAt,
  resolveCommit,
  updateRefs,
  type RepoContext,
} from './local-repo.ts';

export interface LocalGitOptions {
  dataDir: string;
  /** Default `main`. */
  baseBranch?: string;
  /** Who commits for Oversight. Default `Oversight <oversight@localhost>`. */
  committer?: Signature;
  now?: () => Date;
}

export interface LocalGitBackend extends ReviewableGitBackend {
  /** The working tree's top folder. */
  readonly root: string;
  /** Where the data directory sits in the repository (`data/`, or `` at the top). */
  readonly prefix: string;
  readonly baseBranch: string;
  mergeProposal(id: string, reviewer: Signature, validate?: (files: Map<string, FileVersion>) => string[]): Promise<MergeResult>;
}

export const DEFAULT_COMMITTER: Signature = { name: 'Oversight', email: 'oversight@localhost' };

export async function createLocalGitBackend(options: LocalGitOptions): Promise<LocalGitBackend> {
  const { root, prefix } = await openRepo(options.dataDir);
  const baseBranch = options.baseBranch ?? 'main';
  const ctx: RepoContext = {
    root,
    prefix,
    baseBranch,
    baseRef: `refs/heads/${baseBranch}`,
    committer: cleanSignature(options.committer ?? DEFAULT_COMMITTER),
    now: options.now ?? ((): Date => new Date()),
  };
  return new LocalGit(ctx);
}

/** A full object id, never a revision like main or main~1 whose meaning moves. */
const OBJECT_ID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

class LocalGit implements LocalGitBackend {
  private lastRead: { oid: string; files: Promise<Map<string, FileVersion>> } | null = null;

  constructor(private readonly ctx: RepoContext) {}

  get root(): string {
    return this.ctx.root;
  }

  get prefix(): string {
    return this.ctx.prefix;
  }

  get baseBranch(): string {
    return this.ctx.baseBranch;
  }

  head(): Promise<string> {
    return resolveCommit(this.ctx, this.ctx.baseRef);
  }

  readFile(path: string, at?: string): Promise<FileVersion | null> {
    return readFileAt(this.ctx, path, at ?? this.ctx.baseRef);
  }

  async readBlob(sha: string): Promise<string | null> {
    if (!OBJECT_ID.test(sha)) return null; // an object id, never a revision like main:file
    const [object] = await catFileBatch(this.ctx.root, [sha]);
    return object?.type === 'blob' ? object.content.toString('utf8') : null;
  }

  /**
   * Every use case reads all data files at the head, and the head rarely moves between two
   * submissions, so the files at the last object id asked for are kept: what an object id names
   * never changes. Each caller gets its own Map.
   */
  async readFiles(at?: string): Promise<Map<string, FileVersion>> {
    const treeish = at ?? this.ctx.baseRef;
    if (!OBJECT_ID.test(treeish)) return readFilesAt(this.ctx, treeish);
    if (this.lastRead?.oid !== treeish) {
      const files = readFilesAt(this.ctx, treeish);
      this.lastRead = { oid: treeish, files };
      files.catch(() => {
        if (this.lastRead?.files === files) this.lastRead = null;
      });
    }
    return new Map(await this.lastRead.files);
  }

  async propose(change: ChangeSet): Promise<Proposal> {
    const { ctx } = this;
    const paths = change.files.map((f) => f.path);
    paths.forEach(assertDataPath);
    if (new Set(paths).size !== paths.length) throw new Error('a change set names the same file twice');
    const now = ctx.now();
    const message = proposalMessage(change);
    // update-ref --stdin reads a command a line, its words split on spaces: a branch name holding
    // either would be read as other commands. Git's other rules for names are checked by update-ref.
    if (/[\s\0]/.test(change.branch)) throw badBranch(change.branch);
    // Both at once; only the ref transaction at the end makes anything visible. Both settle
    // before a failure is reported, so a staged commit is never left behind.
    const settled = await Promise.allSettled([
      this.checkFresh(change),
      fastImportCommit(ctx.root, {
        parent: change.base,
        files: change.files.map((f) => ({ path: `${ctx.prefix}${f.path}`, content: f.content })),
        message,
        who: ctx.committer,
        when: now,
      }),
    ]);
    const staged = settled[1].status === 'fulfilled' ? settled[1].value : null;
    const failed = settled.find((s) => s.status === 'rejected');
    if (failed || !staged) {
      if (staged) await updateRefs(ctx, [`delete ${staged.stagingRef} ${staged.oid}`]);
      throw failed?.reason;
    }
    const { oid: commit, stagingRef } = staged;
    const id = commit.slice(0, 8);
    const { ok, reason } = await updateRefs(ctx, [
      `create ${REFS.heads}${change.branch} ${commit}`,
      `create ${REFS.proposals}${id} ${commit}`,
      `delete ${stagingRef} ${commit}`,
    ]);
    if (!ok) {
      await updateRefs(ctx, [`delete ${stagingRef} ${commit}`]);
      const existing = await this.proposalForBranch(change.branch);
      if (existing) throw new ProposalExistsError(existing);
      const valid = await runGit(ctx.root, ['check-ref-format', `${REFS.heads}${change.branch}`], { okCodes: [0, 1] });
      if (valid.code !== 0) throw badBranch(change.branch);
      throw new Error(`could not create ${change.branch}: ${reason}`);
    }
    return proposalFromCommit(id, message, Math.floor(now.getTime() / 1000));
  }

  /** Every file's blob on the base branch now must be the one the change was prepared against. */
  private async checkFresh(change: ChangeSet): Promise<void> {
    const { ctx } = this;
    const [base, ...current] = await catFileCheck(ctx.root, [`${change.base}^{commit}`, ...change.files.map((f) => `${ctx.baseRef}:${ctx.prefix}${f.path}`)]);
    if (!base) throw new Error(`the change's base ${change.base} is not a commit in ${ctx.root}`);
    change.files.forEach((file, i) => {
      const now = current[i];
      const sha = now?.type === 'blob' ? now.oid : now ? 'not-a-file' : null;
      if (sha !== file.expectSha) throw new StaleChangeError(file.path);
    });
  }

  async listProposals(filter?: ProposalFilter): Promise<Proposal[]> {
    const records = await loadProposals(this.ctx.root, this.ctx.baseRef);
    return records.map((r) => r.proposal).filter((p) => matches(p, filter));
  }

  async proposalForBranch(branch: string): Promise<Proposal | null> {
    return forBranch(await loadProposals(this.ctx.root, this.ctx.baseRef), branch)?.proposal ?? null;
  }

  async showProposal(id: string): Promise<{ proposal: Proposal; files: ChangedFile[] } | null> {
    const record = (await loadProposals(this.ctx.root, this.ctx.baseRef)).find((r) => r.proposal.id === id);
    if (!record) return null;
    const [from, to] = await this.diffRange(record);
    return { proposal: record.proposal, files: await changedFiles(this.ctx, from, to) };
  }

  /** What the proposal changes: for a merge, what it changed on the base branch. */
  private async diffRange(record: ProposalRecord): Promise<[string, string]> {
    if (record.mergeCommit !== null) return [`${record.mergeCommit}^1`, record.mergeCommit];
    if (record.closeCommit !== null) return [record.base, record.closeCommit];
    if (record.tip === null) return [record.base, record.commit];
    if (record.proposal.state === 'merged') return [record.base, record.tip];
    const forkPoint = await gitText(this.ctx.root, ['merge-base', this.ctx.baseRef, record.tip]).catch(() => record.base);
    return [forkPoint, record.tip];
  }

  async mergeProposal(id: string, reviewer: Signature, validate?: (files: Map<string, FileVersion>) => string[]): Promise<MergeResult> {
    return mergeRecord(this.ctx, () => this.findRecord(id), cleanSignature(reviewer), validate);
  }

  async closeProposal(id: string, reviewer: Signature): Promise<Proposal> {
    const { ctx } = this;
    const record = await this.findRecord(id);
    const { proposal, tip } = record;
    if (proposal.state !== 'open' || tip === null) throw new ProposalNotOpenError(id, proposal.state);
    const who = cleanSignature(reviewer);
    const closed = await gitText(ctx.root, ['commit-tree', '--no-gpg-sign', `${tip}^{tree}`, '-p', tip, '-F', '-'], {
      env: identityEnv(who, ctx.committer, ctx.now()),
      input: closeMessage(id, proposal.title, who),
    });
    const { ok } = await updateRefs(ctx, [`create ${REFS.closed}${id} ${closed}`, `delete ${REFS.heads}${proposal.branch} ${tip}`]);
    if (!ok) {
      const now = (await this.findRecord(id)).proposal;
      if (now.state !== 'open') throw new ProposalNotOpenError(id, now.state);
      throw new Error(`proposal ${id} changed while it was being closed: try again`);
    }
    return { ...proposal, state: 'closed' };
  }

  private async findRecord(id: string): Promise<ProposalRecord> {
    const record = (await loadProposals(this.ctx.root, this.ctx.baseRef)).find((r) => r.proposal.id === id);
    if (!record) throw new ProposalNotFoundError(id);
    return record;
  }
}

function badBranch(branch: string): Error {
  return new Error(`"${branch}" cannot be a branch name`);
}
