import { DATA_DIR_OPTION, dataDirOption, runCommand, UsageError, type CommandLine } from './args.ts';
import type { FileVersion, Proposal, ProposalFilter, Signature } from '../core/git/backend.ts';
import { checkFiles } from '../core/data/validate.ts';
import { formatReport } from '../core/problems.ts';
import { baseBranch, today } from '../node/config.ts';
import { MergeRefusedError, ProposalNotFoundError } from '../node/git/errors.ts';
import { gitText } from '../node/git/git-process.ts';
import { createLocalGitBackend, type LocalGitBackend } from '../node/git/local-git.ts';
import { isState } from '../node/git/local-proposals.ts';
import { unifiedDiff } from '../node/git/text-diff.ts';

const USAGE = `Usage: npm run proposals -- list [--state open|merged|closed] [--risk ID] [--json] [--data-dir DIR]
       npm run proposals -- show ID [--json]
       npm run proposals -- merge ID [--json]
       npm run proposals -- close ID [--json]

Proposed changes to the data, kept as branches in the git repository that holds the data
directory (--data-dir, else OVERSIGHT_DATA_DIR, else ./data). merge validates the merged data
and refuses it if there are errors, or if the checkout has uncommitted changes to a file the
merge changes (commit or stash them first); merge and close record you (git config user.name and
user.email) as the reviewer.`;

const OPTIONS = {
  json: { type: 'boolean', default: false },
  state: { type: 'string' },
  risk: { type: 'string' },
  ...DATA_DIR_OPTION,
} as const;

/** `npm run proposals`: review proposals kept in the local repository. */
await runCommand({ usage: USAGE, options: OPTIONS, positionals: true }, async (line) => {
  try {
    return await review(line);
  } catch (err) {
    if (err instanceof MergeRefusedError) {
      console.error(`${err.message}:\n${err.reasons.join('\n')}`);
      return 1;
    }
    if (err instanceof ProposalNotFoundError) {
      console.error(`error: ${err.message}: npm run proposals -- list shows the proposals there are`);
      return 1;
    }
    throw err;
  }
});

async function review({ values, positionals }: CommandLine<typeof OPTIONS>): Promise<number> {
  const [command, id, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected ${extra.join(' ')}`);
  const backend = await openBackend(dataDirOption(values['data-dir']));
  const json = values.json;
  switch (command) {
    case 'list': {
      if (id !== undefined) throw new UsageError('list takes no id: use show ID');
      const filter: ProposalFilter = {};
      if (values.state !== undefined) {
        if (!isState(values.state)) throw new UsageError(`--state must be open, merged or closed, not "${values.state}"`);
        filter.state = values.state;
      }
      if (values.risk !== undefined) filter.risk = values.risk;
      const proposals = await backend.listProposals(filter);
      console.log(json ? JSON.stringify(proposals, null, 2) : table(proposals));
      return 0;
    }
    case 'show': {
      const shown = await backend.showProposal(requireId(id));
      if (!shown) throw new ProposalNotFoundError(requireId(id));
      if (json) console.log(JSON.stringify(shown, null, 2));
      else console.log([describe(shown.proposal), ...shown.files.map((f) => unifiedDiff(f.path, f.before, f.after))].join('\n\n'));
      return 0;
    }
    case 'merge': {
      const reviewer = await gitIdentity(backend);
      const now = today();
      const validate = (files: Map<string, FileVersion>): string[] => {
        const errors = checkFiles(new Map([...files].map(([path, file]) => [path, file.content])), { now }).problems.filter((p) => p.severity === 'error');
        return errors.length === 0 ? [] : [formatReport(errors)];
      };
      const merged = await backend.mergeProposal(requireId(id), reviewer, validate);
      if (json) console.log(JSON.stringify(merged, null, 2));
      else {
        console.log(`Merged proposal ${merged.id} into ${backend.baseBranch}: ${merged.title}`);
        if (merged.workingTree === 'updated') console.log(`The checkout in ${backend.root} has been updated.`);
      }
      return 0;
    }
    case 'close': {
      const closed = await backend.closeProposal(requireId(id), await gitIdentity(backend));
      console.log(json ? JSON.stringify(closed, null, 2) : `Closed proposal ${closed.id}: ${closed.title}`);
      return 0;
    }
    default:
      throw new UsageError(command === undefined ? 'say what to do: list, show, merge or close' : `unknown command "${command}"`);
  }
}

/** The local backend on the configured base branch, refusing a branch the repository does not have. */
async function openBackend(dataDir: string): Promise<LocalGitBackend> {
  const backend = await createLocalGitBackend({ dataDir, baseBranch: baseBranch() });
  const exists = await backend.head().then(
    () => true,
    () => false,
  );
  if (!exists) {
    const where = process.env['OVERSIGHT_BASE_BRANCH'] ? ' (OVERSIGHT_BASE_BRANCH)' : ', the default when OVERSIGHT_BASE_BRANCH is not set,';
    throw new Error(
      `the base branch "${backend.baseBranch}"${where} is not a branch in ${backend.root}: set OVERSIGHT_BASE_BRANCH to the branch proposals start from and merge into (git branch lists them)`,
    );
  }
  return backend;
}

function requireId(id: string | undefined): string {
  if (id === undefined || id === '') throw new UsageError('give the proposal id, as list shows it');
  return id;
}

/** The reviewer: git's user.name and user.email, as a commit would record them. */
async function gitIdentity(backend: LocalGitBackend): Promise<Signature> {
  const read = (key: string): Promise<string> => gitText(backend.root, ['config', key]).catch(() => '');
  const [name, email] = await Promise.all([read('user.name'), read('user.email')]);
  if (name === '' || email === '') {
    throw new Error('set your name and email for git first (git config user.name "Your Name"; git config user.email you@example.org): they record who reviewed');
  }
  return { name, email };
}

function table(proposals: Proposal[]): string {
  if (proposals.length === 0) return 'No proposals.';
  const rows = [['ID', 'STATE', 'CREATED', 'AUTHOR', 'LABELS', 'TITLE'], ...proposals.map((p) => [p.id, p.state, p.createdAt.slice(0, 16).replace('T', ' '), p.author, p.labels.join(', '), p.title])];
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => row[col]?.length ?? 0))) ?? [];
  return rows.map((row) => row.map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col] ?? 0))).join('  ')).join('\n');
}

function describe(p: Proposal): string {
  const lines = [`${p.title}`, '', `Proposal: ${p.id}`, `State:    ${p.state}${p.mergedBy === undefined ? '' : ` (merged by ${p.mergedBy})`}`];
  lines.push(`Author:   ${p.author}`, `Created:  ${p.createdAt}`, `Branch:   ${p.branch}`);
  if (p.labels.length > 0) lines.push(`Labels:   ${p.labels.join(', ')}`);
  return lines.join('\n');
}
