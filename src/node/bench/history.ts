import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runGit } from '../git/git-process.ts';
import { generateHistoryRepo } from './history-repo.ts';
import { runInChild } from '../run-in-child.ts';
import { count, markdownTable, seconds, verdict } from './table.ts';

/**
 * History extraction on generated repositories (issue 6): loadBuildHistory, as the build
 * calls it, against plain `git log --raw` over the same repository, each pair in its own
 * process. A repository is generated once per number of risks, with the most revisions asked
 * for; fewer revisions are the same repository at an earlier commit (its history is made a
 * round over every risk at a time, so the first N rounds are exactly an N-round repository).
 */
export const HISTORY_TARGET = { risks: 5000, revisions: 20, ms: 30_000, linearSlack: 1.25 };
export const DEFAULT_HISTORY_SIZES = '1000x20,5000x10,5000x20';

export interface HistorySize {
  risks: number;
  revisions: number;
}

export interface HistoryJob {
  dir: string;
}

export interface Timing {
  ms: number;
  /** This process and the git processes it waited for. */
  cpuMs: number;
  gitCpuMs: number;
}

export type HistoryOutcome =
  | {
      ok: true;
      gitLog: Timing;
      history: Timing;
      logBytes: number;
      /** What loadBuildHistory found: commits that changed the data, revisions, risks with a history. */
      commits: number;
      revisions: number;
      risks: number;
      minRevisions: number;
      maxRevisions: number;
      warnings: number;
    }
  | { ok: false; error: string };

export interface HistoryRow extends HistorySize {
  commits: number;
  /** Time to write the repository (shared by the sizes cut from it). */
  generateMs: number;
  outcome: HistoryOutcome;
}

/** `1000x20,5000x20`: risks × revisions per risk; undefined when it does not parse. */
export function parseHistorySizes(text: string): HistorySize[] | undefined {
  const sizes = text.split(',').map((part) => {
    const match = /^\s*(\d+)\s*[x×]\s*(\d+)\s*$/.exec(part);
    return match ? { risks: Number(match[1]), revisions: Number(match[2]) } : undefined;
  });
  return sizes.every((s): s is HistorySize => s !== undefined && s.risks >= 1 && s.revisions >= 1) ? sizes : undefined;
}

const WORKER = fileURLToPath(new URL('./history-worker.ts', import.meta.url));

export async function benchHistory(sizes: readonly HistorySize[], workDir: string, progress: (message: string) => void): Promise<HistoryRow[]> {
  const rows: HistoryRow[] = [];
  for (const risks of [...new Set(sizes.map((s) => s.risks))]) {
    const revisions = [...new Set(sizes.filter((s) => s.risks === risks).map((s) => s.revisions))].sort((a, b) => a - b);
    const most = revisions[revisions.length - 1] ?? 1;
    const dir = mkdtempSync(join(workDir, `history-${risks}x${most}-`));
    try {
      progress(`History: generating ${count(risks)} risks × ${most} revisions with git fast-import`);
      const repo = await generateHistoryRepo(dir, { risks, revisions: most });
      progress(`History: ${count(repo.commits)} commits written in ${seconds(repo.ms)}`);
      for (const n of revisions) {
        const commits = 1 + (n - 1) * risks;
        // The data as it stood after n rounds: a detached checkout of that commit.
        await runGit(dir, ['checkout', '--quiet', '--detach', `main~${repo.commits - commits}`]);
        progress(`History: reading ${count(risks)} × ${n} (${count(commits)} commits) with loadBuildHistory and git log --raw`);
        const outcome = await runInChild<HistoryOutcome>(WORKER, { dir } satisfies HistoryJob, { timeoutMs: 5 * 60_000 });
        rows.push({ risks, revisions: n, commits, generateMs: repo.ms, outcome });
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      for (const n of revisions) if (!rows.some((r) => r.risks === risks && r.revisions === n)) rows.push({ risks, revisions: n, commits: 1 + (n - 1) * risks, generateMs: 0, outcome: { ok: false, error: message } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return rows;
}

const both = (t: Timing): string => `${seconds(t.ms)} / ${seconds(t.cpuMs)}`;

/** The table of history rows, with a line on what was measured. */
export function historyTable(rows: readonly HistoryRow[]): string {
  const intro =
    'History extraction (issue 6) on generated git repositories: the first commit adds every risk, then one commit per later revision, ' +
    'each a new current rating or review comment, a round over every risk at a time. Each row in its own process: plain `git log --raw` ' +
    '(after one untimed run), then loadBuildHistory as the build calls it (one `git log`, one `git cat-file --batch`, diffs and incremental validation). ' +
    'Times are wall clock / CPU, CPU counting git as well as Node.\n';
  const table = markdownTable(
    ['Risks × revisions', 'Commits', 'Generate', 'git log --raw', 'loadBuildHistory', 'Ratio (wall / CPU)', 'Revisions found', 'Per revision'],
    rows.map((r) => {
      const o = r.outcome;
      const label = `${count(r.risks)} × ${r.revisions}`;
      if (!o.ok) return [label, count(r.commits), r.generateMs > 0 ? seconds(r.generateMs) : '—', 'FAILED', 'FAILED', '—', '—', '—'];
      const per = o.revisions > 0 ? `${((o.history.ms * 1000) / o.revisions).toFixed(0)} µs` : '—';
      return [
        label,
        count(r.commits),
        seconds(r.generateMs),
        both(o.gitLog),
        both(o.history),
        `${(o.history.ms / o.gitLog.ms).toFixed(1)}× / ${(o.history.cpuMs / o.gitLog.cpuMs).toFixed(1)}×`,
        `${count(o.revisions)} (${o.minRevisions}–${o.maxRevisions} per risk)`,
        per,
      ];
    }),
    new Set([1, 2, 3, 4, 5, 7]),
  );
  const notes = rows.flatMap((r) => {
    if (!r.outcome.ok) return [`${count(r.risks)} × ${r.revisions} failed: ${r.outcome.error.split('\n')[0] ?? ''}`];
    if (r.outcome.minRevisions !== r.revisions || r.outcome.maxRevisions !== r.revisions || r.outcome.risks !== r.risks) {
      return [`${count(r.risks)} × ${r.revisions}: expected ${r.revisions} revisions for each of ${count(r.risks)} risks, found ${r.outcome.minRevisions}–${r.outcome.maxRevisions} for ${count(r.outcome.risks)}.`];
    }
    return [];
  });
  const generated = rows.length > 1 && new Set(rows.map((r) => r.risks)).size < rows.length ? '\nFewer revisions of the same number of risks are the larger repository at an earlier commit (Generate is the larger one\'s time).' : '';
  return `${intro}\n${table}${generated}${notes.length > 0 ? `\n\n${notes.join('\n')}` : ''}`;
}

/** Rows for the targets table: 5,000 × 20 under 30 s, and linear growth from fewer revisions. */
export function historyTargets(rows: readonly HistoryRow[]): string[][] {
  const t = HISTORY_TARGET;
  const at = rows.find((r) => r.risks === t.risks && r.revisions === t.revisions);
  const label = `${count(t.risks)} × ${t.revisions}`;
  const out: string[][] = [];
  if (!at) out.push(['6. History extraction', `${label} < ${t.ms / 1000} s`, `not run (${label} not in --history-sizes)`, '—']);
  else if (!at.outcome.ok) out.push(['6. History extraction', `${label} < ${t.ms / 1000} s`, 'failed', 'FAIL']);
  else {
    const o = at.outcome;
    out.push(['6. History extraction', `${label} < ${t.ms / 1000} s`, `${seconds(o.history.ms)} (CPU ${seconds(o.history.cpuMs)})`, verdict(o.history.ms < t.ms)]);
    out.push(['6. History / git log --raw', 'report the ratio', `${(o.history.ms / o.gitLog.ms).toFixed(1)}× (CPU ${(o.history.cpuMs / o.gitLog.cpuMs).toFixed(1)}×)`, 'no target']);
  }
  const fewer = at?.outcome.ok ? rows.filter((r) => r.risks === at.risks && r.revisions < at.revisions && r.outcome.ok).sort((a, b) => b.revisions - a.revisions)[0] : undefined;
  if (at?.outcome.ok && fewer?.outcome.ok) {
    // Judged on CPU time, which another busy process inflates far less than wall clock.
    const growth = at.outcome.history.cpuMs / fewer.outcome.history.cpuMs;
    const commits = at.commits / fewer.commits;
    out.push([
      '6. Linear in revisions',
      `${fewer.revisions} → ${at.revisions} revisions: time grows ≤ ${t.linearSlack}× commits`,
      `CPU ×${growth.toFixed(2)} (wall ×${(at.outcome.history.ms / fewer.outcome.history.ms).toFixed(2)}) for ×${commits.toFixed(2)} commits`,
      verdict(growth <= commits * t.linearSlack),
    ]);
  } else out.push(['6. Linear in revisions', `time grows ≤ ${t.linearSlack}× commits`, `not run (needs ${label} and fewer revisions of ${count(t.risks)})`, '—']);
  return out;
}
