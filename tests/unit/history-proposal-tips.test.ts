import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { auditRows } from '../../src/core/history/audit.ts';
import { readHistory } from '../../src/node/history/read-history.ts';
import { gitEnv, makeTestRepo, type TestRepo } from '../helpers/git-repo.ts';

/*
 * Who proposed a change merged from a branch whose tip is not the proposal's own commit: after
 * GitHub's "Update branch" (the base branch merged into the proposal, authored by whoever
 * clicked), and for a proposal committed in another encoding than UTF-8. Real repositories.
 */

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const risk = (l: number): string => json({ id: 'ASC0001', title: 'Delays in Section 42 enquiries', owners: ['amina-okafor'], current: { likelihood: l, impact: 4 } });
const FILE = 'registers/adult-social-care/risks/ASC0001.json';
const BOT = { name: 'Oversight', email: 'oversight@localhost' };
const BEN = { name: 'Ben Hale', email: 'ben@example.org' };
const GITHUB = { name: 'GitHub', email: 'noreply@github.com' };
const BRANCH = 'oversight/ASC0001/carla-diaz/k1';
const PROPOSAL_MESSAGE = `ASC0001: rating 16 → 12\n\nOversight-Branch: ${BRANCH}\nCo-authored-by: Carla Diaz <carla@example.org>\nOversight-Submitted-By: Carla Diaz <carla@example.org> (carla-diaz)\n`;

let repo: TestRepo | undefined;
afterEach(() => repo?.cleanup());

function start(): TestRepo {
  repo = makeTestRepo({
    files: {
      'people.json': json({ people: [{ id: 'amina-okafor', name: 'Amina Okafor' }] }),
      'registers/adult-social-care/register.json': json({ id: 'adult-social-care', name: 'Adult social care', level: 'directorate', owner: 'amina-okafor' }),
      [FILE]: risk(4),
      'registers/adult-social-care/notes.txt': 'one\n',
    },
  });
  return repo;
}

/** Git as a named person on a given day (noon UTC). */
function gitAs(r: TestRepo, args: string[], who: { name: string; email: string }, day: string, committer = who): string {
  const when = `${Math.floor(new Date(`${day}T12:00:00Z`).getTime() / 1000)} +0000`;
  const env = { ...gitEnv(), GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: who.email, GIT_COMMITTER_NAME: committer.name, GIT_COMMITTER_EMAIL: committer.email, GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when };
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: r.dir, env, encoding: 'utf8' }).trim();
}

async function lastRow(r: TestRepo): Promise<ReturnType<typeof auditRows>[number]> {
  const rows = auditRows((await readHistory({ dataDir: r.dataDir })).history);
  return rows.at(-1)!;
}

describe('the proposer of a merged change', () => {
  it('is the proposal commit\'s submitter after "Update branch" merged the base branch into the proposal', async () => {
    const r = start();
    r.git(['checkout', '--quiet', '-b', BRANCH]);
    writeFileSync(join(r.dataDir, FILE), risk(3));
    r.git(['add', '--all']);
    gitAs(r, ['commit', '--quiet', '-m', PROPOSAL_MESSAGE], BOT, '2026-01-06');
    r.git(['checkout', '--quiet', 'main']);
    writeFileSync(join(r.dataDir, 'registers/adult-social-care/notes.txt'), 'one\ntwo\n');
    r.git(['add', '--all']);
    gitAs(r, ['commit', '--quiet', '-m', 'Notes'], BEN, '2026-01-07');
    // Ben clicks "Update branch" on the pull request, then merges it.
    r.git(['checkout', '--quiet', BRANCH]);
    gitAs(r, ['merge', '--quiet', '--no-ff', '-m', `Merge branch 'main' into ${BRANCH}`, 'main'], BEN, '2026-01-08', GITHUB);
    r.git(['checkout', '--quiet', 'main']);
    gitAs(r, ['merge', '--quiet', '--no-ff', '-m', `Merge pull request #12 from council/${BRANCH}`, BRANCH], BEN, '2026-01-09', GITHUB);

    const row = await lastRow(r);
    expect([row.risk, row.author, row.submitter, row.proposal, row.mergedBy, row.flags]).toEqual(['ASC0001', 'Oversight', 'Carla Diaz', '12', 'Ben Hale', []]);
  });

  it('is named as committed when the proposal commit declares an encoding other than UTF-8', async () => {
    const r = start();
    const parent = r.git(['rev-parse', 'HEAD']);
    const blob = r.git(['hash-object', '-w', '--stdin'], risk(3));
    r.git(['update-index', '--add', '--cacheinfo', `100644,${blob},data/${FILE}`]);
    const tree = r.git(['write-tree']);
    // Written by hand: git itself would re-encode the name, and a Latin-1 byte cannot pass through execFileSync's UTF-8 input.
    const object = Buffer.concat([
      Buffer.from(`tree ${tree}\nparent ${parent}\nauthor `),
      Buffer.from('Seán Ó Briain', 'latin1'),
      Buffer.from(` <sean@example.org> 1767700800 +0000\ncommitter Oversight <oversight@localhost> 1767700800 +0000\nencoding ISO-8859-1\n\n`),
      Buffer.from(PROPOSAL_MESSAGE.replace(/Carla Diaz/g, 'Se\u00e1n \u00d3 Briain').replace('carla-diaz', 'sean-obriain'), 'latin1'),
    ]);
    const tip = execFileSync('git', ['hash-object', '-t', 'commit', '-w', '--stdin'], { cwd: r.dir, env: gitEnv(), input: object, encoding: 'utf8' }).trim();
    r.git(['reset', '--quiet', '--hard']);
    gitAs(r, ['merge', '--quiet', '--no-ff', '-m', `Merge pull request #7 from council/${BRANCH}`, tip], BEN, '2026-01-09', GITHUB);

    const row = await lastRow(r);
    expect([row.author, row.submitter, row.proposal, row.mergedBy]).toEqual(['Seán Ó Briain', 'Seán Ó Briain', '7', 'Ben Hale']);
  });
});
