import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { ProposalExistsError, StaleChangeError, type FileVersion, type Proposal } from '../../src/core/git/backend.ts';
import { MergeRefusedError, ProposalNotFoundError, ProposalNotOpenError } from '../../src/node/git/errors.ts';
import { fastImportCommit, STAGING_REF_PREFIX } from '../../src/node/git/fast-import.ts';
import { createLocalGitBackend, type LocalGitBackend } from '../../src/node/git/local-git.ts';
import { gitEnv, makeTestRepo, type TestRepo } from '../helpers/git-repo.ts';
import { ROOT, TEST_TODAY } from '../helpers/paths.ts';
import { runCli } from '../helpers/run-cli.ts';
import { blobSha, CONTRACT_FILES, gitBackendContract, riskChange, tickingClock } from './git-backend.contract.ts';

gitBackendContract('LocalGitBackend, data/ inside the repository', async (files) => {
  const repo = makeTestRepo({ files });
  return { backend: await createLocalGitBackend({ dataDir: repo.dataDir, now: tickingClock() }), cleanup: () => repo.cleanup() };
});

gitBackendContract('LocalGitBackend, data at the top of the repository', async (files) => {
  const repo = makeTestRepo({ files, dataSubdir: '' });
  return { backend: await createLocalGitBackend({ dataDir: repo.dataDir, now: tickingClock() }), cleanup: () => repo.cleanup() };
});

const RISK = 'registers/corporate/risks/COR0001.json';
const OTHER = 'registers/corporate/risks/COR0002.json';
const REVIEWER = { name: 'Rita Reviewer', email: 'rita@example.org' };

describe('LocalGitBackend', () => {
  let repo: TestRepo;
  let backend: LocalGitBackend;
  beforeEach(async () => {
    repo = makeTestRepo({ files: CONTRACT_FILES });
    backend = await createLocalGitBackend({ dataDir: repo.dataDir, now: tickingClock() });
  });
  afterEach(() => repo.cleanup());

  const refs = (): string[] => repo.git(['for-each-ref', '--format=%(refname)']).split('\n').filter((r) => r !== '');
  const main = (): string => repo.git(['rev-parse', 'main']);
  const workingFile = (path: string): string => readFileSync(join(repo.dataDir, path), 'utf8');

  it('finds the repository and where the data directory sits in it', () => {
    expect(backend.prefix).toBe('data/');
    expect(backend.baseBranch).toBe('main');
    expect(statSync(join(backend.root, '.git')).isDirectory()).toBe(true);
  });

  it('proposes without touching the working tree or the repository index, even when both have changes', async () => {
    writeFileSync(join(repo.dataDir, OTHER), 'edited, not staged\n');
    writeFileSync(join(repo.dataDir, 'people.json'), 'edited and staged\n');
    repo.git(['add', 'data/people.json']);
    writeFileSync(join(repo.dataDir, 'untracked.json'), '{}\n');
    const status = repo.git(['status', '--porcelain']); // before the snapshot: status may refresh the index
    const before = snapshot(repo.dir);

    await backend.propose(riskChange(main(), 'oversight/COR0001/quiet'));

    expect(snapshot(repo.dir)).toEqual(before);
    expect(repo.git(['status', '--porcelain'])).toBe(status);
  });

  it('commits as the bot, with the submitter in Co-authored-by and Oversight trailers, on the change base', async () => {
    const base = main();
    const change = riskChange(base, 'oversight/COR0001/trailers');
    const proposal = await backend.propose(change);
    const format = ['%an <%ae>', '%cn <%ce>', '%P', '%B'].join('%n');
    const [author, committer, parents, ...message] = repo.git(['log', '-1', `--format=${format}`, change.branch]).split('\n');
    expect(author).toBe('Oversight <oversight@localhost>');
    expect(committer).toBe('Oversight <oversight@localhost>');
    expect(parents).toBe(base);
    expect(message.join('\n')).toBe(
      [
        change.title,
        '',
        change.body,
        '',
        `Oversight-Branch: ${change.branch}`,
        'Oversight-Labels: COR0001, corporate',
        'Co-authored-by: Sam Submitter <sam@example.org>',
        'Oversight-Submitted-By: Sam Submitter <sam@example.org> (sam-submitter)',
      ].join('\n'),
    );
    expect(repo.git(['rev-parse', `refs/oversight/proposals/${proposal.id}`])).toBe(repo.git(['rev-parse', change.branch]));
    expect(proposal.id).toBe(repo.git(['rev-parse', '--short=8', change.branch]));
    expect(proposal.url).toBe(`/proposals/#${proposal.id}`);
    expect(repo.git(['show', `${change.branch}:data/${RISK}`])).toBe(change.files[0]?.content?.trim());
  });

  it('shows what a proposal changes', async () => {
    const proposal = await backend.propose(riskChange(main(), 'oversight/COR0001/show'));
    const shown = await backend.showProposal(proposal.id);
    expect(shown?.proposal).toEqual(proposal);
    expect(shown?.files).toEqual([{ path: RISK, before: CONTRACT_FILES[RISK], after: CONTRACT_FILES[RISK]?.replace('Budget gap', 'Budget gap (narrowed)') }]);
    expect(await backend.showProposal('deadbeef')).toBeNull();
  });

  it('merges: the base branch moves to a merge commit and a clean checkout is brought up to date', async () => {
    const base = main();
    const proposal = await backend.propose(riskChange(base, 'oversight/COR0001/merge'));
    let seen: Map<string, FileVersion> | undefined;
    const merged = await backend.mergeProposal(proposal.id, REVIEWER, (files) => {
      seen = files;
      return [];
    });
    expect(merged).toMatchObject({ id: proposal.id, state: 'merged', mergedBy: 'Rita Reviewer', workingTree: 'updated' });
    expect(seen?.get(RISK)?.content).toContain('Budget gap (narrowed)');
    expect(seen?.size).toBe(Object.keys(CONTRACT_FILES).length);

    const [parents, author, committer, ...message] = repo.git(['log', '-1', '--format=%P%n%an%n%cn%n%B', 'main']).split('\n');
    expect(parents).toBe(`${base} ${repo.git(['rev-parse', `refs/oversight/proposals/${proposal.id}`])}`);
    expect(author).toBe('Rita Reviewer');
    expect(committer).toBe('Oversight');
    expect(message.join('\n')).toBe(`Merge proposal ${proposal.id}: ${proposal.title}\n\nOversight-Proposal: ${proposal.id}\nOversight-Reviewed-By: Rita Reviewer <rita@example.org>`);
    expect(repo.git(['rev-parse', `refs/oversight/merged/${proposal.id}`])).toBe(main());
    expect(refs()).not.toContain(`refs/heads/${proposal.branch}`);

    expect(workingFile(RISK)).toContain('Budget gap (narrowed)');
    expect(repo.git(['status', '--porcelain'])).toBe('');
    expect(await backend.listProposals({ state: 'merged' })).toEqual([{ ...proposal, state: 'merged', mergedBy: 'Rita Reviewer' }]);
    expect((await backend.showProposal(proposal.id))?.files.map((f) => f.path)).toEqual([RISK]);
    await expect(backend.mergeProposal(proposal.id, REVIEWER)).rejects.toBeInstanceOf(ProposalNotOpenError);
  });

  it('merges into a checkout with work in progress on other files, keeping it, so the next commit keeps the merge', async () => {
    const proposal = await backend.propose(riskChange(main(), 'oversight/COR0001/dirty'));
    writeFileSync(join(repo.dataDir, OTHER), 'work in progress\n');
    writeFileSync(join(repo.dataDir, 'people.json'), 'staged work\n');
    repo.git(['add', 'data/people.json']);
    const merged = await backend.mergeProposal(proposal.id, REVIEWER);
    expect(merged.workingTree).toBe('updated');
    expect(workingFile(RISK)).toContain('Budget gap (narrowed)');
    expect(workingFile(OTHER)).toBe('work in progress\n');
    expect(repo.git(['diff', '--cached', '--name-only'])).toBe('data/people.json');
    expect(repo.git(['diff', '--name-only'])).toBe(`data/${OTHER}`);
    // What a person does next: commit their own work. The merged change must survive it.
    repo.git(['add', `data/${OTHER}`]);
    repo.git(['commit', '--quiet', '-m', 'My own edits']);
    expect(repo.git(['show', `main:data/${RISK}`])).toContain('Budget gap (narrowed)');
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it.each([
    ['modified', (path: string) => writeFileSync(join(repo.dataDir, path), 'my own edit\n')],
    ['staged', (path: string) => (writeFileSync(join(repo.dataDir, path), 'my own edit\n'), repo.git(['add', `data/${path}`]))],
  ])('refuses to merge, moving nothing, when a file the merge changes is %s in the checkout', async (_, edit) => {
    const proposal = await backend.propose(riskChange(main(), 'oversight/COR0001/clash'));
    edit(RISK);
    const head = main();
    const before = refs();
    const status = repo.git(['status', '--porcelain']);
    const error = await backend.mergeProposal(proposal.id, REVIEWER).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MergeRefusedError);
    expect((error as MergeRefusedError).message).toBe(
      `proposal ${proposal.id} was not merged, and nothing was changed: the checkout in ${repo.dir} has uncommitted changes to files the merge would write; commit or stash them (git stash), then merge again`,
    );
    expect((error as MergeRefusedError).reasons).toEqual([`data/${RISK} (modified)`]);
    expect(main()).toBe(head);
    expect(refs()).toEqual(before);
    expect((await backend.proposalForBranch(proposal.branch))?.state).toBe('open');
    expect(workingFile(RISK)).toBe('my own edit\n');
    expect(repo.git(['status', '--porcelain'])).toBe(status);
  });

  it('refuses to merge, moving nothing, when an untracked file stands where the merge would add one', async () => {
    const added = 'registers/corporate/risks/COR0003.json';
    const proposal = await backend.propose(riskChange(main(), 'oversight/COR0003/new', { files: [{ path: added, content: '{ "id": "COR0003" }\n', expectSha: null }] }));
    writeFileSync(join(repo.dataDir, added), 'my own draft\n');
    const head = main();
    const error = await backend.mergeProposal(proposal.id, REVIEWER).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MergeRefusedError);
    expect((error as MergeRefusedError).reasons).toEqual([`data/${added} (untracked)`]);
    expect(main()).toBe(head);
    expect((await backend.proposalForBranch(proposal.branch))?.state).toBe('open');
    expect(workingFile(added)).toBe('my own draft\n');
    expect(workingFile(RISK)).toBe(CONTRACT_FILES[RISK]);
  });

  it('puts the refs back and refuses when a file the merge changes is edited between moving the branch and updating the checkout', async () => {
    const proposal = await backend.propose(riskChange(main(), 'oversight/COR0001/race'));
    const head = main();
    const before = refs();
    // git runs this hook when a ref transaction commits: the first time main moves, a person saves the file.
    const hook = join(repo.dir, '.git', 'hooks', 'reference-transaction');
    const target = join(repo.dataDir, RISK);
    const marker = join(repo.dir, '.git', 'edited-once');
    writeFileSync(
      hook,
      `#!/bin/sh\n[ "$1" = committed ] || exit 0\ngrep -q ' refs/heads/main$' || exit 0\n[ -e '${marker}' ] && exit 0\ntouch '${marker}'\necho 'saved meanwhile' > '${target}'\n`,
      { mode: 0o755 },
    );
    const error = await backend.mergeProposal(proposal.id, REVIEWER).catch((err: unknown) => err);
    expect(statSync(marker).isFile()).toBe(true);
    expect(error).toBeInstanceOf(MergeRefusedError);
    expect((error as MergeRefusedError).reasons).toEqual([`data/${RISK} (modified)`]);
    expect(main()).toBe(head);
    expect(refs()).toEqual(before);
    expect((await backend.proposalForBranch(proposal.branch))?.state).toBe('open');
    expect(workingFile(RISK)).toBe('saved meanwhile\n');
    expect(repo.git(['diff', '--cached', '--name-only'])).toBe('');
  });

  it('merges without touching the checkout when another branch is checked out', async () => {
    const proposal = await backend.propose(riskChange(main(), 'oversight/COR0001/elsewhere'));
    repo.git(['checkout', '--quiet', '-b', 'drafts']);
    const merged = await backend.mergeProposal(proposal.id, REVIEWER);
    expect(merged.workingTree).toBe('not-checked-out');
    expect(workingFile(RISK)).toBe(CONTRACT_FILES[RISK]);
    expect(repo.git(['show', `main:data/${RISK}`])).toContain('Budget gap (narrowed)');
  });

  it('refuses to merge when validation of the merged data fails, leaving everything as it was', async () => {
    const proposal = await backend.propose(riskChange(main(), 'oversight/COR0001/invalid'));
    const head = main();
    const before = refs();
    const error = await backend.mergeProposal(proposal.id, REVIEWER, () => ['error: COR0001 title: too short']).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MergeRefusedError);
    expect((error as MergeRefusedError).reasons).toEqual(['error: COR0001 title: too short']);
    expect(main()).toBe(head);
    expect(refs()).toEqual(before);
    expect((await backend.proposalForBranch(proposal.branch))?.state).toBe('open');
    expect(workingFile(RISK)).toBe(CONTRACT_FILES[RISK]);
  });

  it('merges after the base branch moved on in other files', async () => {
    const proposal = await backend.propose(riskChange(main(), 'oversight/COR0001/behind'));
    const moved = repo.commit('Edit COR0002 directly', { [OTHER]: '{ "id": "COR0002", "edited": true }\n' });
    const merged = await backend.mergeProposal(proposal.id, REVIEWER);
    expect(merged.workingTree).toBe('updated');
    expect(repo.git(['rev-parse', 'main^1'])).toBe(moved);
    expect(repo.git(['show', `main:data/${RISK}`])).toContain('Budget gap (narrowed)');
    expect(repo.git(['show', `main:data/${OTHER}`])).toContain('"edited": true');
    expect(workingFile(RISK)).toContain('Budget gap (narrowed)');
    expect(repo.git(['status', '--porcelain'])).toBe('');
    expect((await backend.showProposal(proposal.id))?.files.map((f) => f.path)).toEqual([RISK]);
  });

  it('refuses a merge that conflicts with the base branch, naming the file', async () => {
    const proposal = await backend.propose(riskChange(main(), 'oversight/COR0001/conflict'));
    const moved = repo.commit('Edit COR0001 directly', { [RISK]: (CONTRACT_FILES[RISK] ?? '').replace('Budget gap', 'Budget gap (widened)') });
    const error = await backend.mergeProposal(proposal.id, REVIEWER).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(MergeRefusedError);
    expect((error as MergeRefusedError).message).toMatch(/conflicts with changes made on main/);
    expect((error as MergeRefusedError).reasons).toEqual([RISK]);
    expect(main()).toBe(moved);
    expect((await backend.proposalForBranch(proposal.branch))?.state).toBe('open');
  });

  it('closes: records the close, deletes the branch, and the branch can carry a new proposal', async () => {
    const first = await backend.propose(riskChange(main(), 'oversight/COR0001/close'));
    const closed = await backend.closeProposal(first.id, REVIEWER);
    expect(closed).toEqual({ ...first, state: 'closed' });
    expect(refs()).not.toContain(`refs/heads/${first.branch}`);
    expect(repo.git(['log', '-1', '--format=%an%n%B', `refs/oversight/closed/${first.id}`])).toContain('Oversight-Closed-By: Rita Reviewer <rita@example.org>');
    expect(await backend.listProposals({ state: 'closed' })).toEqual([closed]);
    await expect(backend.mergeProposal(first.id, REVIEWER)).rejects.toBeInstanceOf(ProposalNotOpenError);
    await expect(backend.closeProposal(first.id, REVIEWER)).rejects.toBeInstanceOf(ProposalNotOpenError);

    const second = await backend.propose(riskChange(main(), first.branch, { title: 'Second attempt' }));
    expect(second.id).not.toBe(first.id);
    expect(await backend.proposalForBranch(first.branch)).toEqual(second);
    expect((await backend.listProposals()).map((p) => [p.id, p.state])).toEqual([
      [second.id, 'open'],
      [first.id, 'closed'],
    ]);
  });

  it('reports a proposal merged with plain git as merged', async () => {
    const proposal = await backend.propose(riskChange(main(), 'oversight/COR0001/by-hand'));
    repo.git(['merge', '--quiet', '--no-edit', proposal.branch]);
    expect((await backend.proposalForBranch(proposal.branch))?.state).toBe('merged');
  });

  it('refuses unknown proposal ids', async () => {
    await expect(backend.mergeProposal('0badc0de', REVIEWER)).rejects.toBeInstanceOf(ProposalNotFoundError);
    await expect(backend.closeProposal('0badc0de', REVIEWER)).rejects.toBeInstanceOf(ProposalNotFoundError);
  });

  it('refuses paths outside the data directory and bad branch names, creating nothing', async () => {
    for (const path of ['../README.md', '/etc/passwd', 'registers/../people.json', '']) {
      await expect(backend.propose(riskChange(main(), 'oversight/x/y', { files: [{ path, content: 'x', expectSha: null }] }))).rejects.toThrow(/not a data file path/);
    }
    for (const branch of ['oversight/x..y/z', 'oversight/x y/z', `oversight/x ${main()}\ndelete refs/heads/main`, 'oversight/x.lock']) {
      await expect(backend.propose(riskChange(main(), branch))).rejects.toThrow(/cannot be a branch name/);
    }
    // A base is a commit, never more lines for git to read.
    await expect(backend.propose(riskChange(`${main()}\nD data/people.json`, 'oversight/x/base'))).rejects.toThrow();
    const who = { name: 'Oversight', email: 'oversight@localhost' };
    await expect(fastImportCommit(repo.dir, { parent: `${main()}\nD data/people.json`, files: [], message: 'x', who, when: new Date() })).rejects.toThrow(/is not a commit/);
    expect(refs()).toEqual(['refs/heads/main']);
  });

  it('ends 50 simultaneous proposals (some stale) each in one proposal or one error, with a sound repository', async () => {
    const head = main();
    const stale = (i: number): boolean => i % 5 === 0;
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, i) =>
        backend.propose(
          riskChange(head, `oversight/R${i}/load`, {
            labels: [`R${i}`],
            files: [
              { path: `registers/corporate/risks/R${i}.json`, content: `{ "id": "R${i}" }\n`, expectSha: null },
              { path: RISK, content: `{ "id": "COR0001", "n": ${i} }\n`, expectSha: stale(i) ? blobSha('something else') : blobSha(CONTRACT_FILES[RISK] ?? '') },
            ],
          }),
        ),
      ),
    );
    results.forEach((result, i) => {
      if (stale(i)) expect(result.status === 'rejected' && result.reason instanceof StaleChangeError).toBe(true);
      else expect(result.status === 'fulfilled' && result.value.branch === `oversight/R${i}/load`).toBe(true);
    });
    const made = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(made).toHaveLength(40);
    expect(new Set(made.map((p) => p.id)).size).toBe(40);
    expect(main()).toBe(head);
    expect(refs().filter((r) => r.startsWith('refs/heads/oversight/'))).toHaveLength(40);
    expect(refs().filter((r) => r.startsWith('refs/oversight/proposals/'))).toHaveLength(40);
    expect(sortById(await backend.listProposals({ state: 'open' }))).toEqual(sortById(made));
    expect(refs().filter((r) => r.startsWith(STAGING_REF_PREFIX))).toEqual([]);
    expect(repo.git(['fsck', '--no-dangling', '--no-progress'])).toBe('');
    expect(repo.git(['status', '--porcelain'])).toBe('');
  });

  it('lets exactly one of 10 simultaneous proposals on the same branch win; the rest get it back', async () => {
    const head = main();
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => backend.propose(riskChange(head, 'oversight/COR0001/race', { title: `Attempt ${i}` }))));
    const won = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    expect(won).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect((result.reason as ProposalExistsError).proposal).toEqual(won[0]);
    }
    expect(await backend.listProposals()).toEqual(won);
    expect(refs().filter((r) => r.startsWith(STAGING_REF_PREFIX))).toEqual([]);
    expect(repo.git(['fsck', '--no-dangling', '--no-progress'])).toBe('');
  });

  it('reads the files at a commit again after the base branch moves, each caller with a Map of its own', async () => {
    const before = await backend.head();
    const first = await backend.readFiles(before);
    first.delete(RISK);
    expect((await backend.readFiles(before)).get(RISK)?.content).toBe(CONTRACT_FILES[RISK]);
    repo.commit('Edited outside Oversight', { [RISK]: '{ "id": "COR0001", "edited": true }\n' });
    const after = await backend.head();
    expect(after).not.toBe(before);
    expect((await backend.readFiles(after)).get(RISK)?.content).toBe('{ "id": "COR0001", "edited": true }\n');
    expect((await backend.readFiles()).get(RISK)?.content).toBe('{ "id": "COR0001", "edited": true }\n');
    expect((await backend.readFiles(before)).get(RISK)?.content).toBe(CONTRACT_FILES[RISK]);
  });

  it('keeps a file name with spaces, quotes and accents exactly as given', async () => {
    const path = 'registers/corporate/risks/Café "notes" 2.json';
    const change = riskChange(main(), 'oversight/COR0001/odd-name', { files: [{ path, content: '{ "note": "kept" }\n', expectSha: null }] });
    await backend.propose(change);
    expect(await backend.readFile(path, change.branch)).toEqual({ content: '{ "note": "kept" }\n', sha: blobSha('{ "note": "kept" }\n') });
    expect(repo.git(['diff', '-z', '--name-only', 'main', change.branch])).toBe(`data/${path}\0`);
  });
});

describe('npm run proposals', () => {
  let repo: TestRepo;
  let backend: LocalGitBackend;
  let env: Record<string, string>;
  beforeEach(async () => {
    // The sample data, which validates, so a merge is refused only for what a proposal breaks.
    repo = makeTestRepo({ files: Object.fromEntries(readDataDir(join(ROOT, 'data'))) });
    repo.git(['config', 'user.name', REVIEWER.name]);
    repo.git(['config', 'user.email', REVIEWER.email]);
    backend = await createLocalGitBackend({ dataDir: repo.dataDir });
    env = { ...(gitEnv() as Record<string, string>), OVERSIGHT_DATA_DIR: repo.dataDir, OVERSIGHT_TODAY: TEST_TODAY };
  });
  afterEach(() => repo.cleanup());

  async function proposeRisk(branch: string, edit: (text: string) => string): Promise<Proposal> {
    const path = 'registers/corporate/risks/COR0001.json';
    const current = await backend.readFile(path);
    return backend.propose(riskChange(await backend.head(), branch, { files: [{ path, content: edit(current?.content ?? ''), expectSha: current?.sha ?? null }] }));
  }

  it('lists as JSON and as a table, and shows a proposal with its diff', async () => {
    const proposal = await proposeRisk('oversight/COR0001/cli', (t) => t.replace('Medium-term financial sustainability', 'Medium-term financial resilience'));
    const listed = runCli('proposals', ['list', '--json'], env);
    expect(listed.status, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([proposal]);
    const table = runCli('proposals', ['list', '--risk', 'COR0001', '--state', 'open'], env);
    expect(table.stdout).toMatch(new RegExp(`^ID +STATE .*\\n${proposal.id} +open +.*Sam Submitter +COR0001, corporate +Update COR0001`));
    const shown = runCli('proposals', ['show', proposal.id], env);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`State:    open`);
    expect(shown.stdout).toContain('--- a/registers/corporate/risks/COR0001.json');
    expect(shown.stdout).toContain('-  "title": "Medium-term financial sustainability",\n+  "title": "Medium-term financial resilience",');
  });

  it('merges a valid proposal as the git user, and refuses an invalid one with the validation errors (exit 1)', async () => {
    const good = await proposeRisk('oversight/COR0001/good', (t) => t.replace('Medium-term financial sustainability', 'Medium-term financial resilience'));
    const merged = runCli('proposals', ['merge', good.id, '--json'], env);
    expect(merged.status, merged.stderr).toBe(0);
    expect(JSON.parse(merged.stdout)).toMatchObject({ id: good.id, state: 'merged', mergedBy: REVIEWER.name, workingTree: 'updated' });

    const head = repo.git(['rev-parse', 'main']);
    const bad = await proposeRisk('oversight/COR0001/bad', (t) => t.replace('"owners": [\n    "priya-raman"', '"owners": [\n    "nobody-at-all"'));
    const refused = runCli('proposals', ['merge', bad.id], env);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`proposal ${bad.id} was not merged`);
    expect(refused.stderr).toMatch(/error: registers\/corporate\/risks\/COR0001.json owners\[0\]: .*nobody-at-all/);
    expect(repo.git(['rev-parse', 'main'])).toBe(head);
  });

  it('refuses (exit 1) to merge into a checkout with uncommitted changes to the file, saying what to do', async () => {
    const proposal = await proposeRisk('oversight/COR0001/dirty', (t) => t.replace('Medium-term financial sustainability', 'Medium-term financial resilience'));
    const path = 'registers/corporate/risks/COR0001.json';
    writeFileSync(join(repo.dataDir, path), 'half-done edit\n');
    const head = repo.git(['rev-parse', 'main']);
    const refused = runCli('proposals', ['merge', proposal.id], env);
    expect(refused.stderr).toBe(
      `proposal ${proposal.id} was not merged, and nothing was changed: the checkout in ${repo.dir} has uncommitted changes to files the merge would write; commit or stash them (git stash), then merge again:\ndata/${path} (modified)\n`,
    );
    expect(refused.status).toBe(1);
    expect(repo.git(['rev-parse', 'main'])).toBe(head);
  });

  it('exits 1 with a clear message for an unknown id', () => {
    for (const command of ['show', 'merge', 'close']) {
      const result = runCli('proposals', [command, 'feedface'], env);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain('no proposal has the id "feedface"');
    }
  });

  it('reviews on OVERSIGHT_BASE_BRANCH, as the functions propose on it', async () => {
    repo.git(['branch', '-m', 'main', 'trunk']);
    const onTrunk = await createLocalGitBackend({ dataDir: repo.dataDir, baseBranch: 'trunk' });
    const path = 'registers/corporate/risks/COR0001.json';
    const current = await onTrunk.readFile(path);
    const content = current!.content.replace('Medium-term financial sustainability', 'Medium-term financial resilience');
    const proposal = await onTrunk.propose(riskChange(await onTrunk.head(), 'oversight/COR0001/trunk', { files: [{ path, content, expectSha: current!.sha }] }));
    const trunk = { ...env, OVERSIGHT_BASE_BRANCH: 'trunk' };

    const listed = runCli('proposals', ['list', '--json'], trunk);
    expect(listed.stderr).toBe('');
    expect(JSON.parse(listed.stdout)).toEqual([proposal]);
    const merged = runCli('proposals', ['merge', proposal.id], trunk);
    expect(merged.stdout).toContain(`Merged proposal ${proposal.id} into trunk`);
    expect(merged.status, merged.stderr).toBe(0);
    expect(repo.git(['show', `trunk:data/${path}`])).toContain('Medium-term financial resilience');
  });

  it('names a base branch the repository does not have and says how to set it, without a git error', () => {
    const result = runCli('proposals', ['list'], { ...env, OVERSIGHT_BASE_BRANCH: 'mian' });
    expect(result.stderr).toBe(
      `error: the base branch "mian" (OVERSIGHT_BASE_BRANCH) is not a branch in ${repo.dir}: set OVERSIGHT_BASE_BRANCH to the branch proposals start from and merge into (git branch lists them)\n`,
    );
    expect(result.stdout).toBe('');
    expect(result.status).toBe(1);
  });
});

function sortById(proposals: Proposal[]): Proposal[] {
  return [...proposals].sort((a, b) => a.id.localeCompare(b.id));
}

/** Every file under a folder (the .git folder's index included) with a digest of its content and its mtime. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const abs = join(entry.parentPath, entry.name);
    const rel = relative(dir, abs);
    if (!entry.isFile() || (rel.startsWith('.git/') && rel !== '.git/index')) continue;
    out[rel] = `${createHash('sha1').update(readFileSync(abs)).digest('hex')} ${statSync(abs).mtimeMs}`;
  }
  return out;
}
