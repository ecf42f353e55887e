import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gitEnv } from '../helpers/git-repo.ts';
import { ROOT } from '../helpers/paths.ts';
import { runCli } from '../helpers/run-cli.ts';

/**
 * Builds a site from a repository with a scripted history (every commit at noon UTC):
 *
 *   2025-03-20  Dana commits the corporate register, without risks (the 2024-25 financial year)
 *   2026-01-05  Dana commits the corporate risks: COR0001 4×4, COR0002 3×3, COR0003 2×2, COR0005 2×3
 *               tag report/2026-01-cabinet
 *   2026-02-01  Dana: COR0001 → 4×5 (worse, still High), COR0002 → 2×3 (better, Medium → Low),
 *               COR0005 → 4×4 (worse, Low → High), adds COR0004 3×5, declares the tag as a baseline
 *  2026-02-10  Amina's pull request #12 adds control C1 to COR0001; Ben merges it (merge commit)
 *  2026-02-15  Dana moves PF0002 (added 5×5 to the restricted pooled-fund register on 2026-02-01) to corporate as 4×4
 *
 * and checks what the built site says, with today pinned to 2026-03-01.
 */

const DANA = { name: 'Dana Direct', email: 'dana@example.org' };
const AMINA = { name: 'Amina Okafor', email: 'amina@example.org' };
const BEN = { name: 'Ben Hale', email: 'ben@example.org' };
const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const risk = (id: string, l: number, i: number, extra: object = {}): string =>
  json({ id, title: `Risk ${id}`, owners: ['amina-okafor'], current: { likelihood: l, impact: i }, ...extra });
const COR = 'registers/corporate';

let repo = '';
let out = '';
let buildOutput = '';

function git(args: string[], day?: string, who: { name: string; email: string } = DANA): string {
  const env: NodeJS.ProcessEnv = { ...gitEnv(), GIT_AUTHOR_NAME: who.name, GIT_AUTHOR_EMAIL: who.email, GIT_COMMITTER_NAME: who.name, GIT_COMMITTER_EMAIL: who.email };
  if (day !== undefined) {
    const when = `${Math.floor(new Date(`${day}T12:00:00Z`).getTime() / 1000)} +0000`;
    Object.assign(env, { GIT_AUTHOR_DATE: when, GIT_COMMITTER_DATE: when });
  }
  return execFileSync('git', ['-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], { cwd: repo, env, encoding: 'utf8' }).trim();
}

/** Writes (or, with null, deletes) data files and commits everything. */
function commit(day: string, message: string, files: Record<string, string | null>, who = DANA): void {
  for (const [path, content] of Object.entries(files)) {
    const target = join(repo, 'data', path);
    if (content === null) {
      rmSync(target);
      continue;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  git(['add', '--all']);
  git(['commit', '--quiet', '-m', message], day, who);
}

/** Builds the site from a data directory into a folder of its own, as `npm run build` would. */
function buildInto(dataDir: string, outDir: string): { status: number | null; stdout: string; stderr: string } {
  const script = `import { buildSite } from './src/node/build-site.ts';
const r = await buildSite({ dataDir: ${JSON.stringify(dataDir)}, quiet: true, outDir: ${JSON.stringify(outDir)} });
console.log(r.report);
if (!r.ok) process.exit(1);`;
  return spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: ROOT,
    env: { ...process.env, OVERSIGHT_TODAY: '2026-03-01', OVERSIGHT_INCLUDE_RESTRICTED: '' },
    encoding: 'utf8',
    timeout: 300_000,
  });
}

const page = (path: string): string => readFileSync(join(out, path), 'utf8');

interface RiskJson {
  id: string;
  previous: { likelihood: number | null; impact: number | null; rating: number; band: string } | null;
  direction: string;
  since: string;
}

beforeAll(() => {
  repo = mkdtempSync(join(tmpdir(), 'oversight-history-site-'));
  out = join(repo, 'dist');
  git(['init', '--quiet', '-b', 'main']);
  commit('2025-03-20', 'Corporate register', {
    'people.json': json({ people: [{ id: 'amina-okafor', name: 'Amina Okafor' }] }),
    [`${COR}/register.json`]: json({ id: 'corporate', name: 'Corporate risk register', level: 'corporate' }),
  });
  commit('2026-01-05', 'Corporate risks', {
    [`${COR}/risks/COR0001.json`]: risk('COR0001', 4, 4, { target: { likelihood: 2, impact: 4 } }),
    [`${COR}/risks/COR0002.json`]: risk('COR0002', 3, 3),
    [`${COR}/risks/COR0003.json`]: risk('COR0003', 2, 2),
    [`${COR}/risks/COR0005.json`]: risk('COR0005', 2, 3),
  });
  git(['tag', 'report/2026-01-cabinet']);
  commit('2026-02-01', 'February review', {
    'baselines.json': json({ baselines: [{ slug: '2026-01-cabinet', name: 'Cabinet, January 2026', tag: 'report/2026-01-cabinet' }] }),
    [`${COR}/risks/COR0001.json`]: risk('COR0001', 4, 5, { target: { likelihood: 2, impact: 5 } }),
    [`${COR}/risks/COR0002.json`]: risk('COR0002', 2, 3),
    [`${COR}/risks/COR0004.json`]: risk('COR0004', 3, 5),
    [`${COR}/risks/COR0005.json`]: risk('COR0005', 4, 4),
    // Imported from a spreadsheet with the rating the last committee paper printed.
    [`${COR}/risks/COR0006.json`]: risk('COR0006', 3, 4, { previousRating: 20 }),
    // A restricted register: its history must stay out of the site and, by default, the audit command.
    'registers/pooled-fund/register.json': json({ id: 'pooled-fund', name: 'Pooled fund', level: 'partnership', owner: 'amina-okafor', classification: 'restricted' }),
    'registers/pooled-fund/risks/PF0001.json': risk('PF0001', 3, 3),
    'registers/pooled-fund/risks/PF0002.json': risk('PF0002', 5, 5, { title: 'Pooled fund exit: our negotiating position' }),
  });
  git(['checkout', '--quiet', '-b', 'amina/cor0001']);
  commit('2026-02-09', 'COR0001: add the multi-agency panel', {
    [`${COR}/risks/COR0001.json`]: risk('COR0001', 4, 5, { target: { likelihood: 2, impact: 5 }, controls: [{ id: 'C1', description: 'Multi-agency panel', status: 'in place' }] }),
  }, AMINA);
  git(['checkout', '--quiet', 'main']);
  git(['merge', '--quiet', '--no-ff', '-m', 'Merge pull request #12 from amina/cor0001', 'amina/cor0001'], '2026-02-10', BEN);
  // PF0002 leaves the restricted register for the corporate one: its restricted past stays out of the site.
  commit('2026-02-15', 'PF0002 moves to the corporate register', {
    'registers/pooled-fund/risks/PF0002.json': null,
    [`${COR}/risks/PF0002.json`]: risk('PF0002', 4, 4, { title: 'Pooled fund exit' }),
  });
  const built = buildInto(join(repo, 'data'), out);
  buildOutput = `${built.stdout}\n${built.stderr}`;
  if (built.status !== 0) throw new Error(`build failed:\n${buildOutput}`);
});

afterAll(() => {
  if (repo !== '') rmSync(repo, { recursive: true, force: true });
});

describe('direction of travel in a site built from a scripted history', () => {
  it('gives each risk in the JSON API its previous rating, direction and baseline', () => {
    const register = JSON.parse(page('api/registers/corporate.json')) as { risks: RiskJson[] };
    const travel = register.risks.map(({ id, previous, direction, since }) => ({ id, previous, direction, since }));
    expect(travel).toEqual([
      { id: 'COR0001', previous: { likelihood: 4, impact: 4, rating: 16, band: 'High' }, direction: 'worse', since: '2026-01-cabinet' },
      { id: 'COR0002', previous: { likelihood: 3, impact: 3, rating: 9, band: 'Medium' }, direction: 'better', since: '2026-01-cabinet' },
      { id: 'COR0003', previous: { likelihood: 2, impact: 2, rating: 4, band: 'Low' }, direction: 'unchanged', since: '2026-01-cabinet' },
      { id: 'COR0004', previous: null, direction: 'new', since: '2026-01-cabinet' },
      { id: 'COR0005', previous: { likelihood: 2, impact: 3, rating: 6, band: 'Low' }, direction: 'worse', since: '2026-01-cabinet' },
      { id: 'COR0006', previous: { likelihood: null, impact: null, rating: 20, band: 'High' }, direction: 'better', since: '2026-01-cabinet' },
      { id: 'PF0002', previous: null, direction: 'new', since: '2026-01-cabinet' },
    ]);
  });

  it('prints previous rating and direction in arrow and words in the summary table', () => {
    const html = page('registers/corporate/index.html');
    const cells = (id: string): string[] => {
      const row = new RegExp(`<tr class="govuk-table__row" data-risk="${id}"[^>]*>([\\s\\S]*?)</tr>`).exec(html)?.[1] ?? '';
      return [...row.matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((m) => (m[1] ?? '').replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim());
    };
    // Risk no., Title, Owner(s), Previous rating, Current rating, Direction of travel, Target rating, Band
    expect(cells('COR0001')).toEqual(['COR0001', 'Risk COR0001', 'Amina Okafor', '16', '20', '↑ Worse', '10', 'High']);
    expect(cells('COR0002')).toEqual(['COR0002', 'Risk COR0002', 'Amina Okafor', '9', '6', '↓ Better', 'Not set', 'Low']);
    expect(cells('COR0003').slice(3, 6)).toEqual(['4', '4', '→ Unchanged']);
    expect(cells('COR0004').slice(3, 6)).toEqual(['None', '15', '+ New']);
    // The arrow is decoration: the word carries the meaning.
    expect(html).toContain('<span class="app-direction" aria-hidden="true">↑</span> Worse');
    expect(html).toContain("compare each risk's current rating with its rating at Cabinet, January 2026 (5 January 2026).");
  });

  it('says on the home page how many open risks changed band since the baseline', () => {
    // COR0002 Medium → Low, COR0005 Low → High and COR0006 High (imported) → Medium; COR0001 got worse but stayed High; COR0004 is new.
    expect(page('index.html')).toContain('<p class="govuk-body" data-band-changes="3">3 open risks have changed band since Cabinet, January 2026 (5 January 2026).</p>');
  });

  it('credits no organisation in the footer where the data names none (it has no oversight.json)', () => {
    expect(page('index.html')).toContain('<p class="govuk-body-s">Published with Oversight. Every change');
  });
});

describe('the "as at" view of a declared baseline', () => {
  it('is linked from the register page', () => {
    expect(page('registers/corporate/index.html')).toContain('<a class="govuk-link" href="/registers/corporate/as-at/2026-01-cabinet/">Cabinet, January 2026 (5 January 2026)</a>');
  });

  it('is labelled as a past view', () => {
    const html = page('registers/corporate/as-at/2026-01-cabinet/index.html');
    expect(html).toContain('<h1 class="govuk-heading-xl">Corporate risk register as at Cabinet, January 2026</h1>');
    expect(html).toMatch(/This is the register as it stood at Cabinet, January 2026 \(5 January 2026\), not as it is now\./);
  });

  it('shows the heatmap, level summary and summary table as they were at the tag', () => {
    const html = page('registers/corporate/as-at/2026-01-cabinet/index.html');
    const summary = /<tr class="govuk-table__row" data-kind="current">([\s\S]*?)<\/tr>/.exec(html)?.[1] ?? '';
    // Low, Medium, High, Total: 4 and 6 Low, 9 Medium, 16 High; COR0004 did not exist yet.
    expect([...summary.matchAll(/numeric">(\d+)</g)].map((m) => Number(m[1]))).toEqual([2, 1, 1, 4]);
    const cells = [...html.matchAll(/<a href="#current-l(\d)-i(\d)">(\d+)</g)].map((m) => `${m[1]}×${m[2]}:${m[3]}`).sort();
    expect(cells).toEqual(['2×2:1', '2×3:1', '3×3:1', '4×4:1']);
    expect(html).toContain('Current ratings: open risks by likelihood and impact, as at 5 January 2026');
    expect(html).toMatch(/data-risk="COR0001"/);
    expect(html).not.toMatch(/data-risk="COR0004"/);
    // A past view has no earlier baseline to compare with.
    expect(html).not.toContain('Direction of travel');
  });

  it('is not built for a baseline nobody declared', () => {
    expect(() => page('registers/corporate/as-at/2026-02-01/index.html')).toThrow();
  });
});

describe('the risk history page', () => {
  const html = (): string => page('risks/COR0001/history/index.html');
  const text = (fragment: string): string => fragment.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim();

  it('is linked from the risk page', () => {
    expect(page('risks/COR0001/index.html')).toContain('<a class="govuk-link" href="/risks/COR0001/history/" data-history-link>History of changes to COR0001</a>');
  });

  it('tabulates current and target rating after each change that moved either, for the chart', () => {
    const rows = [...html().matchAll(/<tr class="govuk-table__row" data-day="([^"]+)" data-current="(\d*)" data-target="(\d*)">([\s\S]*?)<\/tr>/g)].map((m) => [m[1], m[2], m[3], text(m[4] ?? '')]);
    // The merge of 10 February changed neither rating, so it adds no point.
    expect(rows).toEqual([
      ['2026-01-05', '16', '8', '5 January 2026 16 8'],
      ['2026-02-01', '20', '10', '1 February 2026 20 10'],
    ]);
    expect(html()).toContain('<history-rating-chart label="Current and target rating of COR0001 over time">');
  });

  it('lists each change newest first, with who proposed and approved it and a link to the proposal', () => {
    const items = [...html().matchAll(/<li class="app-timeline__item" data-commit="[0-9a-f]+">([\s\S]*?)<\/li>/g)].map((m) => m[1] ?? '');
    expect(items).toHaveLength(3);
    expect(text(items[0]!)).toMatch(/^10 February 2026 Proposed by Amina Okafor, approved by Ben Hale\. Proposal 12 \. Commit [0-9a-f]{8} Changes on 10 February 2026 Change Before After Control C1 added Multi-agency panel \(in place\)$/);
    expect(items[0]).toContain('<a class="govuk-link" href="/proposals/#12">Proposal 12</a>');
    expect(text(items[1]!)).toContain('1 February 2026 Committed directly by Dana Direct, without a reviewed proposal.');
    expect(text(items[1]!)).toContain('Current rating changed 16 (4 × 4), High 20 (4 × 5), High');
    expect(text(items[1]!)).toContain('Target rating changed 8 (2 × 4), Medium 10 (2 × 5), Medium');
    expect(text(items[2]!)).toContain('5 January 2026 Committed directly by Dana Direct');
    expect(text(items[2]!)).toContain('Added to the register Current rating 16 (4 × 4), High; target 8 (2 × 4), Medium');
  });
  it('shows a risk that moved in from a restricted register only from the move, without that register or what it held there', () => {
    const history = page('risks/PF0002/history/index.html');
    const items = [...history.matchAll(/<li class="app-timeline__item" data-commit="[0-9a-f]+">([\s\S]*?)<\/li>/g)].map((m) => text(m[1] ?? ''));
    expect(items).toEqual([expect.stringContaining('Moved to another register A register that is not published corporate') as unknown]);
    expect(history).not.toMatch(/pooled-fund|Pooled fund exit: our negotiating position|25 \(5 × 5\)/);
    expect([...history.matchAll(/data-current="(\d*)"/g)].map((m) => m[1])).toEqual(['16']);
  });
});

describe('the audit view', () => {
  const rows = (path = 'audit/index.html'): string[][] =>
    [...page(path).matchAll(/<tr class="govuk-table__row" data-date="([^"]+)" data-registers="([^"]+)"[^>]*data-change="([^"]*)" data-flags(?:="([^"]*)")?/g)].map((m) => [m[1]!, m[2]!, m[3]!, m[4] ?? '']);

  it('lists every change to published registers in the newest financial year, newest first, flagging direct commits', () => {
    expect(rows()).toEqual([
      ['2026-02-15', 'corporate', 'moved', 'direct'], // PF0002, from a register the site does not name
      ['2026-02-10', 'corporate', 'control-added', ''],
      ['2026-02-01', 'corporate', 'created', 'direct'], // COR0006
      ['2026-02-01', 'corporate', 'rating', 'direct'], // COR0005
      ['2026-02-01', 'corporate', 'created', 'direct'], // COR0004
      ['2026-02-01', 'corporate', 'rating', 'direct'], // COR0002
      ['2026-02-01', 'corporate', 'rating target-rating', 'direct'], // COR0001
      ['2026-01-05', 'corporate', 'created', 'direct'],
      ['2026-01-05', 'corporate', 'created', 'direct'],
      ['2026-01-05', 'corporate', 'created', 'direct'],
      ['2026-01-05', 'corporate', 'created', 'direct'],
    ]);
    expect(page('audit/index.html')).toContain('<strong class="govuk-tag govuk-tag--red app-flag">Direct commit</strong>');
  });

  it('gives each financial year a page, linked from every other', () => {
    expect(rows('audit/2025-26/index.html')).toEqual(rows());
    expect(rows('audit/2024-25/index.html')).toEqual([['2025-03-20', 'corporate', 'created', 'direct']]);
    const years = (path: string): string[] =>
      [.../<ul class="govuk-list" data-audit-years>([\s\S]*?)<\/ul>/.exec(page(path))![1]!.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]!.replace(/\s+/g, ' ').trim());
    expect(years('audit/index.html')).toEqual(['2025-26 (shown)', '<a class="govuk-link" href="/audit/2024-25/">2024-25</a>']);
    expect(years('audit/2024-25/index.html')).toEqual(['<a class="govuk-link" href="/audit/2025-26/">2025-26</a>', '2024-25 (shown)']);
    expect(page('audit/index.html')).toContain('Changes from April 2025 to March 2026, the newest year with changes.');
    expect(page('audit/2024-25/index.html')).toContain('<title>Audit trail: 2024-25');
  });

  it('names each change in words, in the table and in the filter, keeping the codes for the filter to match', () => {
    const html = page('audit/index.html');
    const changeCells = [...html.matchAll(/data-change="([^"]*)"[\s\S]*?<\/td>\s*<td[^>]*>[\s\S]*?<\/td>\s*<td[^>]*>[\s\S]*?<\/td>\s*<td class="govuk-table__cell">([^<]*)<\/td>/g)].map((m) => [m[1], m[2]]);
    expect(changeCells.slice(0, 7)).toEqual([
      ['moved', 'Moved to another register'],
      ['control-added', 'Control added'],
      ['created', 'Created'],
      ['rating', 'Current rating changed'],
      ['created', 'Created'],
      ['rating', 'Current rating changed'],
      ['rating target-rating', 'Current rating changed, Target rating changed'],
    ]);
    expect([...html.matchAll(/<option value="([a-z-]+)">([^<]*)<\/option>/g)].filter((m) => m[1] !== 'corporate').map((m) => `${m[1]}: ${m[2]}`)).toEqual([
      'created: Created',
      'moved: Moved to another register',
      'rating: Current rating changed',
      'target-rating: Target rating changed',
      'control-added: Control added',
    ]);
  });

  it('offers the same changes as CSV, oldest first, in the audit command format', () => {
    const lines = page('audit.csv').split('\r\n');
    // The byte-order mark first, as every CSV Oversight writes, so Excel keeps accented names.
    expect(lines[0]).toBe('\uFEFFdate,commit,register,risk,change,before,after,author,submitter,proposal,merged_by,flags');
    expect(lines).toHaveLength(14); // header, 12 rows, and the empty string after the last line end
    expect(lines[11]).toMatch(/^2026-02-10,[0-9a-f]{40},corporate,COR0001,control-added,20,20,Amina Okafor,Amina Okafor,12,Ben Hale,$/);
    // Into corporate from the restricted register: neither its id nor the rating it had there.
    expect(lines[12]).toMatch(/^2026-02-15,[0-9a-f]{40},corporate,PF0002,moved,,16,Dana Direct,,,,direct$/);
    expect(lines[6]).toMatch(/^2026-02-01,[0-9a-f]{40},corporate,COR0001,rating;target-rating,16,20,Dana Direct,,,,direct$/);
  });

  it('prints exactly what npm run audit prints, restricted registers left out of both unless the command is told to include them', () => {
    const env = { OVERSIGHT_DATA_DIR: join(repo, 'data') };
    const command = runCli('audit', ['--csv'], env);
    expect(command.stderr).toBe('');
    expect(command.stdout).toBe(page('audit.csv'));
    expect(page('audit.csv')).not.toContain('PF0001');
    expect(page('audit.csv')).not.toContain('pooled-fund');
    expect(runCli('audit', ['--csv', '--include-restricted'], env).stdout).toMatch(/^2026-02-01,[0-9a-f]{40},pooled-fund,PF0001,created,,9,Dana Direct,,,,direct\r$/m);
  });
});

describe('a shallow clone', () => {
  it('fails the build before Astro starts, saying how to fix the build settings, when the history cannot be fetched', () => {
    const clone = mkdtempSync(join(tmpdir(), 'oversight-shallow-'));
    try {
      execFileSync('git', ['clone', '--quiet', '--depth', '1', `file://${repo}`, join(clone, 'repo')], { env: gitEnv() });
      // No remote left to fetch the rest of the history from.
      execFileSync('git', ['remote', 'remove', 'origin'], { cwd: join(clone, 'repo'), env: gitEnv() });
      const built = buildInto(join(clone, 'repo', 'data'), join(clone, 'dist'));
      expect(built.status).toBe(1);
      expect(built.stdout).toContain('is a shallow clone, with only part of its history, so previous ratings, directions of travel and the audit trail would be wrong.');
      expect(built.stdout).toContain('give actions/checkout "fetch-depth: 0"');
      expect(existsSync(join(clone, 'dist'))).toBe(false);
    } finally {
      rmSync(clone, { recursive: true, force: true });
    }
  });
});
