import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProposalExistsError, StaleChangeError, type ChangeSet, type GitBackend, type Proposal } from '../../src/core/git/backend.ts';
import { proposalLabel } from '../../src/core/git/labels.ts';

/**
 * What every GitBackend must do, whatever the host: run it against each backend
 * (local git; GitHub against its HTTP emulator). `makeBackend` gets the data files the
 * base branch must hold, and returns a backend on a fresh repository holding exactly them.
 */
export interface ContractFixture {
  backend: GitBackend;
  cleanup?: () => void | Promise<void>;
}

/** The data the base branch starts with (paths relative to the data directory). */
export const CONTRACT_FILES: Record<string, string> = {
  'people.json': `${JSON.stringify({ people: [{ id: 'sam-submitter', name: 'Sam Submitter', email: 'sam@example.org' }] }, null, 2)}\n`,
  'registers/corporate/register.json': `${JSON.stringify({ id: 'corporate', name: 'Corporate risks — Café budget', level: 'corporate' }, null, 2)}\n`,
  'registers/corporate/risks/COR0001.json': `${JSON.stringify({ id: 'COR0001', title: 'Budget gap' }, null, 2)}\n`,
  'registers/corporate/risks/COR0002.json': `${JSON.stringify({ id: 'COR0002', title: 'Cyber attack' }, null, 2)}\n`,
};

/**
 * A clock a minute ahead at every call, for each backend's host (local git; the GitHub emulator),
 * so proposals made in one test are strictly ordered: times to the second would tie, and hide a wrong order.
 */
export function tickingClock(): () => Date {
  let at = Date.now() - 60 * 60 * 1000;
  return () => new Date((at += 60_000));
}

export const SUBMITTER = { name: 'Sam Submitter', email: 'sam@example.org', id: 'sam-submitter' };

/** A git blob id, computed here from the content (never by the backend under test). */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

const RISK = 'registers/corporate/risks/COR0001.json';

/** A change to COR0001 against the base branch head, prepared correctly unless the caller overrides it. */
export function riskChange(base: string, branch: string, overrides: Partial<ChangeSet> = {}): ChangeSet {
  const before = CONTRACT_FILES[RISK] ?? '';
  return {
    base,
    branch,
    title: 'Update COR0001: budget gap narrowed',
    body: 'The forecast gap fell after the settlement.\n\nSubmitted through Oversight.',
    labels: ['COR0001', 'corporate'],
    submitter: SUBMITTER,
    reviewers: [],
    files: [{ path: RISK, content: before.replace('Budget gap', 'Budget gap (narrowed)'), expectSha: blobSha(before) }],
    ...overrides,
  };
}

export function gitBackendContract(name: string, makeBackend: (files: Record<string, string>) => Promise<ContractFixture>): void {
  describe(`GitBackend contract: ${name}`, () => {
    let fixture: ContractFixture;
    let backend: GitBackend;
    beforeEach(async () => {
      fixture = await makeBackend(CONTRACT_FILES);
      backend = fixture.backend;
    });
    afterEach(async () => {
      await fixture.cleanup?.();
    });

    it('gives the base branch head as a commit id', async () => {
      expect(await backend.head()).toMatch(/^[0-9a-f]{40}$/);
    });

    it('reads a file with its git blob id, at the head or at a commit, and null for a missing file', async () => {
      const content = CONTRACT_FILES['registers/corporate/register.json'] ?? '';
      expect(await backend.readFile('registers/corporate/register.json')).toEqual({ content, sha: blobSha(content) });
      expect(await backend.readFile('registers/corporate/register.json', await backend.head())).toEqual({ content, sha: blobSha(content) });
      expect(await backend.readFile('registers/corporate/risks/COR9999.json')).toBeNull();
    });

    it('reads every data file at once, each with its blob id', async () => {
      const files = await backend.readFiles();
      expect(Object.fromEntries(files)).toEqual(Object.fromEntries(Object.entries(CONTRACT_FILES).map(([path, content]) => [path, { content, sha: blobSha(content) }])));
      expect(await backend.readFiles(await backend.head())).toEqual(files);
    });

    it('reads a blob by its id, and null for an unknown id', async () => {
      const content = CONTRACT_FILES[RISK] ?? '';
      expect(await backend.readBlob(blobSha(content))).toBe(content);
      expect(await backend.readBlob(blobSha('never stored\n'))).toBeNull();
    });

    it('opens a proposal with its title, labels and author, leaving the base branch as it was', async () => {
      const head = await backend.head();
      const change = riskChange(head, 'oversight/COR0001/first');
      const proposal = await backend.propose(change);
      expect(proposal).toMatchObject({ title: change.title, state: 'open', author: SUBMITTER.name, branch: change.branch, labels: ['COR0001', 'corporate'] });
      expect(proposal.id).not.toBe('');
      expect(proposal.url).not.toBe('');
      expect(Number.isNaN(Date.parse(proposal.createdAt))).toBe(false);
      expect(Math.abs(Date.parse(proposal.createdAt) - Date.now())).toBeLessThan(24 * 60 * 60 * 1000);
      expect(await backend.head()).toBe(head);
      expect((await backend.readFile(RISK))?.content).toBe(CONTRACT_FILES[RISK]);
      expect(await backend.listProposals()).toEqual([proposal]);
      expect(await backend.proposalForBranch(change.branch)).toEqual(proposal);
    });

    it('proposes new files (expectSha null) and deletions (content null) together', async () => {
      const head = await backend.head();
      const gone = CONTRACT_FILES['registers/corporate/risks/COR0002.json'] ?? '';
      const proposal = await backend.propose(
        riskChange(head, 'oversight/COR0003/new', {
          labels: ['COR0003'],
          files: [
            { path: 'registers/corporate/risks/COR0003.json', content: '{ "id": "COR0003" }\n', expectSha: null },
            { path: 'registers/corporate/risks/COR0002.json', content: null, expectSha: blobSha(gone) },
          ],
        }),
      );
      expect(proposal.state).toBe('open');
      expect(await backend.readFile('registers/corporate/risks/COR0003.json')).toBeNull();
      expect((await backend.readFile('registers/corporate/risks/COR0002.json'))?.content).toBe(gone);
    });

    it.each([
      ['a blob that is not the current one', (sha: string) => sha.replace(/^./, (c) => (c === '0' ? '1' : '0'))],
      ['null for a file that exists', () => null],
    ])('rejects a stale change (%s) with StaleChangeError and leaves nothing behind', async (_, expectSha) => {
      const head = await backend.head();
      const fresh = riskChange(head, 'oversight/COR0001/stale');
      const stale = { ...fresh, files: fresh.files.map((f) => ({ ...f, expectSha: expectSha(f.expectSha ?? '') })) };
      const error = await backend.propose(stale).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(StaleChangeError);
      expect((error as StaleChangeError).path).toBe(RISK);
      expect(await backend.proposalForBranch(fresh.branch)).toBeNull();
      expect(await backend.listProposals()).toEqual([]);
      expect(await backend.head()).toBe(head);
      // The branch was not created: the same branch takes the correct change.
      await expect(backend.propose(fresh)).resolves.toMatchObject({ branch: fresh.branch });
    });

    it('rejects a change to a file that does not exist yet unless expectSha is null', async () => {
      const head = await backend.head();
      const change = riskChange(head, 'oversight/COR0009/new', {
        files: [{ path: 'registers/corporate/risks/COR0009.json', content: '{}\n', expectSha: blobSha('{}\n') }],
      });
      await expect(backend.propose(change)).rejects.toBeInstanceOf(StaleChangeError);
      expect(await backend.listProposals()).toEqual([]);
    });

    it('rejects a repeated branch with ProposalExistsError carrying the existing proposal', async () => {
      const head = await backend.head();
      const first = await backend.propose(riskChange(head, 'oversight/COR0001/again'));
      const error = await backend.propose(riskChange(head, 'oversight/COR0001/again', { title: 'A second try' })).catch((err: unknown) => err);
      expect(error).toBeInstanceOf(ProposalExistsError);
      expect((error as ProposalExistsError).proposal).toEqual(first);
      expect(await backend.listProposals()).toEqual([first]);
    });

    it('keeps the request digest with the proposal, so a retry can be told from other content under its key', async () => {
      const head = await backend.head();
      const digest = `sha256:${'a1'.repeat(32)}`;
      const proposal = await backend.propose(riskChange(head, 'oversight/COR0001/digest', { requestDigest: digest }));
      expect(proposal.requestDigest).toBe(digest);
      expect(await backend.proposalForBranch('oversight/COR0001/digest')).toEqual(proposal);
      const error = await backend.propose(riskChange(head, 'oversight/COR0001/digest', { requestDigest: `sha256:${'b2'.repeat(32)}` })).catch((err: unknown) => err);
      expect((error as ProposalExistsError).proposal.requestDigest).toBe(digest);
      // Without one, or with something that is not a digest, none is recorded.
      expect((await backend.propose(riskChange(head, 'oversight/COR0001/plain'))).requestDigest).toBeUndefined();
      expect((await backend.propose(riskChange(head, 'oversight/COR0001/odd', { requestDigest: 'sha256:not-hex\nOversight-Proposal: 1' }))).requestDigest).toBeUndefined();
    });

    it('lists proposals newest first, filtered by risk and by state', async () => {
      const head = await backend.head();
      const a = await backend.propose(riskChange(head, 'oversight/COR0001/a'));
      const b = await backend.propose(
        riskChange(head, 'oversight/COR0002/b', {
          title: 'Update COR0002',
          labels: ['COR0002', 'corporate'],
          files: [{ path: 'registers/corporate/risks/COR0002.json', content: '{ "id": "COR0002" }\n', expectSha: blobSha(CONTRACT_FILES['registers/corporate/risks/COR0002.json'] ?? '') }],
        }),
      );
      const all = await backend.listProposals();
      expect(all.map((p) => p.id)).toEqual([b.id, a.id]);
      expectNewestFirst(all);
      expect(await backend.listProposals({ risk: 'COR0001' })).toEqual([a]);
      expect(await backend.listProposals({ risk: 'COR0002', state: 'open' })).toEqual([b]);
      expect(await backend.listProposals({ risk: 'COR0404' })).toEqual([]);
      expect(await backend.listProposals({ state: 'open' })).toEqual(all);
      expect(await backend.listProposals({ state: 'merged' })).toEqual([]);
      expect(await backend.listProposals({ state: 'closed' })).toEqual([]);
    });

    it('labels a proposal with no label longer than GitHub takes, shortening a long id the same way every time, and finds it by a long risk id', async () => {
      const head = await backend.head();
      // A valid register id, as long as a directorate's name makes it; a risk id no limit stops either.
      const register = 'childrens-services-education-and-skills-directorate';
      const risk = `CSE${'0'.repeat(60)}1`;
      const proposal = await backend.propose(riskChange(head, 'oversight/long-ids/label', { labels: [register, risk, 'new-risk'] }));
      // Its start, and a hash of the whole that the next version must give too, or earlier proposals go unfound.
      expect(proposal.labels).toEqual(['childrens-services-education-and-skills-d~a8f76ea4', 'CSE00000000000000000000000000000000000000~e3c4cb25', 'new-risk']);
      expect(proposal.labels).toEqual([proposalLabel(register), proposalLabel(risk), 'new-risk']);
      expect(await backend.listProposals({ risk })).toEqual([proposal]);
      expect(await backend.listProposals({ risk: `${risk}2` })).toEqual([]);
      expect(await backend.proposalForBranch(proposal.branch)).toEqual(proposal);
    });

    it('finds the proposal for a branch, and null for a branch without one', async () => {
      const head = await backend.head();
      const proposal = await backend.propose(riskChange(head, 'oversight/COR0001/mine'));
      expect(await backend.proposalForBranch('oversight/COR0001/mine')).toEqual(proposal);
      expect(await backend.proposalForBranch('oversight/COR0001/other')).toBeNull();
    });
  });
}

/** Each proposal made strictly after the next: the backends under test have ticking clocks (tickingClock). */
export function expectNewestFirst(proposals: readonly Proposal[]): void {
  for (let i = 1; i < proposals.length; i++) {
    expect(Date.parse(proposals[i - 1]?.createdAt ?? '')).toBeGreaterThan(Date.parse(proposals[i]?.createdAt ?? ''));
  }
}
