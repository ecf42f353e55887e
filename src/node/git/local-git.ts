/**
 * LocalGitBackend: proposals kept in the git repository that holds the data directory,
 * for `npm start` and `npm run proposals`. It works through git plumbing only: objects,
 * a temporary index per call and ref transactions. Proposing never touches the working
 * tree or the repository's own index; merging updates them only when that is safe.
 *
 * Refs (every change below is one `update-ref --stdin` transaction, all or nothing):
 *
 *   refs/heads/<branch>                 the proposal's branch while it is open
 *   refs/oversight/proposals/<id>       the commit propose made, kept for good (the record)
 *   refs/oversight/merged/<id>          the merge commit on the base branch, once merged
 *   refs/oversight/closed/<id>          a commit recording who closed it (parent: the branch tip)
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
import { catFileBatch, catFileCheck, gitText, identityEnv, runGit, ZERO_OID } from './git-process.ts';
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
  withTempIndex,
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

class LocalGit implements LocalGitBackend {
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
    if (!/^[0-9a-f]{40}([0-9a-f]{24})?$/.test(sha)) return null; // an object id, never a revision like main:file
    const [object] = await catFileBatch(this.ctx.root, [sha]);
    return object?.type === 'blob' ? object.content.toString('utf8') : null;
  }

  readFiles(at?: string): Promise<Map<string, FileVersion>> {
    return readFilesAt(this.ctx, at ?? this.ctx.baseRef);
  }

  async propose(change: ChangeSet): Promise<Proposal> {
    const { ctx } = this;
    const paths = change.files.map((f) => f.path);
    paths.forEach(assertDataPath);
    if (new Set(paths).size !== paths.length) throw new Error('a change set names the same file twice');
    const now = ctx.now();
    const message = proposalMessage(change);
    return withTempIndex(async (indexEnv) => {
      // Independent steps at once; only the ref transaction at the end makes anything visible.
      // All settle before any failure is reported, so nothing is still writing the temporary index.
      const settled = await Promise.allSettled([
        this.checkFresh(change),
        runGit(ctx.root, ['read-tree', `${change.base}^{tree}`], { env: indexEnv }),
        gitText(ctx.root, ['check-ref-format', `${REFS.heads}${change.branch}`]).catch(() => {
          throw new Error(`"${change.branch}" cannot be a branch name`);
        }),
        Promise.all(change.files.map((f) => (f.content === null ? Promise.resolve(null) : gitText(ctx.root, ['hash-object', '-w', '--stdin'], { input: f.content })))),
      ]);
      const failed = settled.find((s) => s.status === 'rejected');
      if (failed) throw failed.reason;
      const blobs = settled[3].status === 'fulfilled' ? settled[3].value : [];
      const info = change.files.map((f, i) => {
        const blob = blobs[i];
        return blob == null ? `0 ${ZERO_OID}\t${ctx.prefix}${f.path}\0` : `100644 ${blob}\t${ctx.prefix}${f.path}\0`;
      });
      await runGit(ctx.root, ['update-index', '-z', '--index-info'], { env: indexEnv, input: info.join('') });
      const tree = await gitText(ctx.root, ['write-tree'], { env: indexEnv });
      const commit = await gitText(ctx.root, ['commit-tree', '--no-gpg-sign', tree, '-p', change.base, '-F', '-'], {
        env: identityEnv(ctx.committer, ctx.committer, now),
        input: message,
      });
      const id = commit.slice(0, 8);
      const { ok, reason } = await updateRefs(ctx, [`create ${REFS.heads}${change.branch} ${commit}`, `create ${REFS.proposals}${id} ${commit}`]);
      if (!ok) {
        const existing = await this.proposalForBranch(change.branch);
        if (existing) throw new ProposalExistsError(existing);
        throw new Error(`could not create ${change.branch}: ${reason}`);
      }
      return proposalFromCommit(id, message, Math.floor(now.getTime() / 1000));
    });
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
