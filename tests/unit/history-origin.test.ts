import { describe, expect, it } from 'vitest';
import type { CommitMeta } from '../../src/core/history/log.ts';
import { originOf, parsePerson, trailers } from '../../src/core/history/origin.ts';

const SUBMITTED = 'Oversight-Branch: oversight/ASC0001/x\nCo-authored-by: Amina Okafor <amina@example.org>\nOversight-Submitted-By: Amina Okafor <amina@example.org> (amina-okafor)';

function commit(over: Partial<CommitMeta> & { message: string }): CommitMeta {
  return {
    id: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00',
    parents: ['1111111111111111111111111111111111111111'],
    author: { name: 'Dana Direct', email: 'dana@example.org' },
    authoredAt: 0,
    committer: { name: 'Dana Direct', email: 'dana@example.org' },
    committedAt: 0,
    ...over,
  };
}

const summary = (o: ReturnType<typeof originOf>): string[] => [o.route, o.author.name, o.submitter?.name ?? '-', o.proposal ?? '-', o.mergedBy?.name ?? '-', o.direct ? 'direct' : '', o.selfApproved ? 'self-approved' : ''];

describe('originOf', () => {
  it('reads an Oversight merge: the proposal, the reviewer and the submitter of the merged commit', () => {
    const merged = commit({ id: 'abcdef0123456789abcdef0123456789abcdef01', author: { name: 'Oversight', email: 'oversight@localhost' }, message: `Update ASC0001\n\nBody.\n\n${SUBMITTED}\n` });
    const merge = commit({ parents: ['1', merged.id], author: { name: 'Ben Hale', email: 'ben@example.org' }, message: 'Merge proposal abcdef01: Update ASC0001\n\nOversight-Proposal: abcdef01\nOversight-Reviewed-By: Ben Hale <ben@example.org>\n' });
    expect(summary(originOf(merge, merged))).toEqual(['merge', 'Oversight', 'Amina Okafor', 'abcdef01', 'Ben Hale', '', '']);
  });

  it('flags a proposal merged by its own submitter, matching by email whatever the name says', () => {
    const merged = commit({ id: 'abcdef0123456789abcdef0123456789abcdef01', message: `Update\n\n${SUBMITTED}\n` });
    const merge = commit({ parents: ['1', merged.id], message: 'Merge proposal abcdef01: Update\n\nOversight-Proposal: abcdef01\nOversight-Reviewed-By: A. Okafor <AMINA@example.org>\n' });
    expect(summary(originOf(merge, merged))).toEqual(['merge', 'Dana Direct', 'Amina Okafor', 'abcdef01', 'A. Okafor', '', 'self-approved']);
  });

  it('reads a proposal branch merged with plain git: the proposal commit id, merged by the merge author', () => {
    const merged = commit({ id: '0123456789abcdef0123456789abcdef01234567', message: `Update\n\n${SUBMITTED}\n` });
    const merge = commit({ parents: ['1', merged.id], author: { name: 'Carla Diaz', email: 'carla@example.org' }, message: "Merge branch 'oversight/ASC0001/x'\n" });
    expect(summary(originOf(merge, merged))).toEqual(['merge', 'Dana Direct', 'Amina Okafor', '01234567', 'Carla Diaz', '', '']);
  });

  it('treats a merge of a branch that is no proposal as direct', () => {
    const merged = commit({ id: '0123456789abcdef0123456789abcdef01234567', message: 'Tidy titles\n' });
    const merge = commit({ parents: ['1', merged.id], message: "Merge branch 'tidy'\n" });
    expect(summary(originOf(merge, merged))).toEqual(['merge', 'Dana Direct', '-', '-', 'Dana Direct', 'direct', '']);
  });

  it('reads a GitHub squash (no record of who merged) and a git merge --squash of a proposal (the committer merged)', () => {
    const github = commit({ committer: { name: 'GitHub', email: 'noreply@github.com' }, message: `Update ASC0001 (#14)\n\n* Update ASC0001\n\n${SUBMITTED}\n` });
    expect(summary(originOf(github, null))).toEqual(['squash', 'Dana Direct', 'Amina Okafor', '14', '-', '', '']);
    const indented = SUBMITTED.split('\n').map((l) => `    ${l}`).join('\n');
    const local = commit({
      author: { name: 'Amina Okafor', email: 'amina@example.org' },
      committer: { name: 'Amina Okafor', email: 'amina@example.org' },
      message: `Squashed commit of the following:\n\ncommit 89abcdef0123456789abcdef0123456789abcdef\nAuthor: Oversight <oversight@localhost>\n\n    Update ASC0001\n\n${indented}\n`,
    });
    expect(summary(originOf(local, null))).toEqual(['squash', 'Amina Okafor', 'Amina Okafor', '89abcdef', 'Amina Okafor', '', 'self-approved']);
  });

  it('flags a proposal commit fast-forwarded onto the branch as direct, still naming the proposal', () => {
    const ff = commit({ id: 'fedcba9876543210fedcba9876543210fedcba98', message: `Update\n\n${SUBMITTED}\n` });
    expect(summary(originOf(ff, null))).toEqual(['direct', 'Dana Direct', 'Amina Okafor', 'fedcba98', '-', 'direct', '']);
  });

  it('reads a plain commit as direct, with no submitter', () => {
    expect(summary(originOf(commit({ message: 'Fix a typo\n' }), null))).toEqual(['direct', 'Dana Direct', '-', '-', '-', 'direct', '']);
  });
});

describe('trailers and people', () => {
  it('finds only the trailers Oversight knows, anywhere in the message', () => {
    const found = trailers('Subject\n\nSigned-off-by: X <x@y>\n  * Co-authored-by: A <a@b>\nOversight-Proposal: 1234abcd\n');
    expect([...found.entries()]).toEqual([
      ['co-authored-by', ['A <a@b>']],
      ['oversight-proposal', ['1234abcd']],
    ]);
  });

  it('reads a person with and without an email and id', () => {
    expect(parsePerson('Amina Okafor <amina@example.org> (amina-okafor)')).toEqual({ name: 'Amina Okafor', email: 'amina@example.org', id: 'amina-okafor' });
    expect(parsePerson('Amina Okafor <amina@example.org>')).toEqual({ name: 'Amina Okafor', email: 'amina@example.org', id: null });
    expect(parsePerson('Amina')).toEqual({ name: 'Amina', email: null, id: null });
  });
});
