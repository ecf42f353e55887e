import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPublished } from '../core/data/workspace.ts';
import { commandLineOrExit, usageExit } from './args.ts';
import { checkDataDir } from '../node/check-data-dir.ts';
import { PROJECT_ROOT } from '../node/config.ts';
import { pageJsWeight, type JsWeight } from '../node/bench/js-weight.ts';
import { benchHistory, DEFAULT_HISTORY_SIZES, HISTORY_TARGET, historyTable, historyTargets, parseHistorySizes, type HistoryRow } from '../node/bench/history.ts';
import { generateHistoryRepo } from '../node/bench/history-repo.ts';
import { benchLocalPreview, PREVIEW_PAUSE_MS, type PreviewOutcome } from '../node/bench/local-preview.ts';
import { auditPageCount, expectedPageCount } from '../node/bench/page-count.ts';
import { ratioBudget } from '../node/bench/ratio-budget.ts';
import { runBuild, type BuildJob, type BuildOutcome } from '../node/bench/run-build.ts';
import { runInChild } from '../node/run-in-child.ts';
import { copySite } from '../node/bench/site-copy.ts';
import type { SubmitJob, SubmitOutcome } from '../node/bench/submissions.ts';
import { count, kilobytes, markdownTable, median, seconds, verdict } from '../node/bench/table.ts';

/**
 * `npm run bench [-- --sizes 100,1000] [-- --cpu-prof] [-- --no-history | --history-sizes 1000x20]`:
 * validate and build times for generated data sets (each a git repository with a short
 * history, so every risk's history page has content), against Astro building the same
 * number of trivial pages; the JavaScript each page type ships; risk updates through the
 * local git backend and (against the emulator) the GitHub backend; and history extraction
 * on generated repositories against plain `git log --raw` (src/node/bench/history.ts).
 * `--sizes ''` skips the generated builds; `--history-only` runs only the history figures.
 *
 * Every build runs in its own process (see src/node/bench/run-build.ts), on a copy
 * of the site under .oversight/bench/, so the project's dist/ is never written.
 * Exit 1 only if something fails to run (the GitHub figures may be n/a instead).
 */
const TARGET = { risks: 5000, validateMs: 1000, ratio: 1.5, registerJsBytes: 30 * 1024, submitP95Ms: 150 };
const SUBMIT = { sequential: 40, clients: 20, perClient: 5, github: 5 };
/** Commits npm start rebuilds after, in the local preview figures. */
const PREVIEW_ROUNDS = 3;
/** Revisions per risk in the generated data sets the site is built from: created, then 2 changes. */
const BUILD_REVISIONS = 3;

const BENCH = {
  usage: `Usage: npm run bench -- [--sizes 100,1000,5000] [--validate-runs 5] [--cpu-prof]
                        [--no-history | --history-sizes 1000x20,5000x10,5000x20 | --history-only]

Prints tables of figures: validate and build times for generated data sets of each size beside
Astro building as many trivial pages, the JavaScript each page type ships, risk updates, history
extraction and npm start's rebuilds. --sizes '' skips the generated builds; --cpu-prof writes a
CPU profile of every build under .oversight/bench/profiles.`,
  options: {
    sizes: { type: 'string', default: '100,1000,5000' },
    'cpu-prof': { type: 'boolean', default: false },
    'validate-runs': { type: 'string', default: '5' },
    history: { type: 'boolean', default: true },
    'history-sizes': { type: 'string', default: DEFAULT_HISTORY_SIZES },
    'history-only': { type: 'boolean', default: false },
  },
  allowNegative: true,
} as const;
const { values } = commandLineOrExit(BENCH);
const historyOnly = values['history-only'];
const sizes = historyOnly || values.sizes.trim() === '' ? [] : values.sizes.split(',').map((s) => Number(s.trim()));
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
  usageExit(BENCH, `--sizes takes whole numbers of risks separated by commas, such as 100,1000; not "${values.sizes}"`);
}
const historySizes = values.history ? parseHistorySizes(values['history-sizes']) : [];
if (historySizes === undefined) {
  usageExit(BENCH, `--history-sizes takes risks × revisions per risk separated by commas, such as 1000x20,5000x20; not "${values['history-sizes']}"`);
}
const validateRuns = Number(values['validate-runs']);
if (!Number.isInteger(validateRuns) || validateRuns < 1) {
  usageExit(BENCH, `--validate-runs takes a whole number of runs, such as 5; not "${values['validate-runs']}"`);
}
const benchDir = join(PROJECT_ROOT, '.oversight', 'bench');
const profileDir = join(benchDir, 'profiles');
const nodeFlags = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];

const astroVersion = (createRequire(import.meta.url)('astro/package.json') as { version: string }).version;
const cpuList = cpus();
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(', ');
const startLoad = loadavg()[0] ?? 0;
console.log(`Node ${process.version} · ${cpuList.length} CPUs · ${cpuList[0]?.model.trim() ?? 'unknown CPU'} · Astro ${astroVersion} · load average at start ${load()}\n`);
const benchStarted = performance.now();
const progress = (message: string): void => {
  console.error(`[${seconds(performance.now() - benchStarted).padStart(7)}] ${message}`);
};

interface Row {
  risks: number;
  registers: number;
  expectedPages: number;
  validateMs: number;
  validateCpuMs: number;
  site: BuildOutcome;
  trivial: BuildOutcome;
}
interface PageTypeJs {
  type: string;
  pages: number;
  heaviest: string;
  weight: JsWeight;
}
type LocalSubmit = Extract<SubmitOutcome, { kind: 'local' }>;
type GitHubSubmit = Extract<SubmitOutcome, { kind: 'github' }>;

const rows: Row[] = [];
const failures: string[] = [];
const record = (what: string, outcome: BuildOutcome): BuildOutcome => {
  if (!outcome.ok) failures.push(`${what} failed:\n${outcome.error}`);
  return outcome;
};

mkdirSync(benchDir, { recursive: true });
const workDir = mkdtempSync(join(benchDir, 'run-'));
let sampleJs: PageTypeJs[] = [];
let local: LocalSubmit | { ok: false; error: string } | undefined;
let github: GitHubSubmit | { ok: false; error: string } | undefined;
let historyRows: HistoryRow[] = [];
let preview: PreviewOutcome | undefined;
try {
  // The site and the sample data as they are now, together: others may be changing both while this runs.
  const siteRoot = copySite(join(workDir, 'site'));
  const sampleData = join(workDir, 'sample-data');
  cpSync(join(PROJECT_ROOT, 'data'), sampleData, { recursive: true });
  for (const [i, risks] of sizes.entries()) {
    const dataDir = join(workDir, `data-${risks}`);
    // A git repository with a short history, so each risk's history page has revisions to show.
    await generateHistoryRepo(dataDir, { risks, revisions: BUILD_REVISIONS, registers: Math.max(1, Math.ceil(risks / 500)) });
    const warmUp = checkDataDir(dataDir); // untimed: module loading and JIT warm-up
    if (!warmUp.ok) failures.push(`The generated data of ${count(risks)} risks is not valid:\n${warmUp.report}`);
    const runs = Array.from({ length: validateRuns }, () => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      checkDataDir(dataDir);
      const { user, system } = process.cpuUsage(cpu);
      return { ms: performance.now() - started, cpuMs: (user + system) / 1000 };
    });
    const times = runs.map((r) => r.ms);
    const published = warmUp.workspace.registers.filter((r) => isPublished(r.register, false));
    // Generated data sets declare no measures and no baselines: no measure or "as at" pages.
    const perParam = { register: published.length, risk: published.reduce((n, r) => n + r.risks.length, 0), measure: 0, baseline: 0, '...year': await auditPageCount(dataDir) };
    const expectedPages = expectedPageCount(join(PROJECT_ROOT, 'src', 'pages'), perParam);
    progress(`${count(risks)} risks: validated in ${seconds(median(times))}; building our site and ${count(expectedPages)} trivial pages`);
    // Two runs each, in the order trivial, ours, ours, trivial (reversed for every other size), and
    // the faster of each kept: this machine's disk and CPU vary by tens of per cent from minute to
    // minute, and the faster run is the one least disturbed. The disk is flushed before each build,
    // so none pays for writing out the one before it. Each build writes into a new directory, and
    // nothing is deleted until the bench ends: ext4 creates files several times slower for some
    // seconds after many were deleted (it skips recently freed inodes), which made whichever build
    // followed a deletion pay for it (10,000 files took 10 s to create just after 20,000 were
    // deleted, 1 s otherwise).
    const pair: BuildJob[] = [
      { kind: 'trivial', pages: expectedPages, workDir },
      { kind: 'site', dataDir, workDir, siteRoot },
    ];
    const order = i % 2 === 0 ? pair : [...pair].reverse();
    const outcomes = new Map<string, BuildOutcome>();
    for (const [n, job] of [...order, ...[...order].reverse()].entries()) {
      const run: BuildJob = job.kind === 'site' ? { ...job, outDir: join(workDir, `site-${risks}-${n}`) } : job;
      flushDisk();
      const outcome = record(`The ${job.kind} build of ${count(risks)} risks`, await runBuild(run, nodeFlags));
      outcomes.set(job.kind, faster(outcomes.get(job.kind), outcome));
    }
    rows.push({ risks, registers: perParam.register, expectedPages, validateMs: median(times), validateCpuMs: median(runs.map((r) => r.cpuMs)), site: outcomes.get('site')!, trivial: outcomes.get('trivial')! });
  }

  // The sample site, then what its pages ship.
  if (!historyOnly) {
    await sampleAndSubmissions(siteRoot, sampleData);
    progress(`npm start on the sample data, then ${PREVIEW_ROUNDS} commits for it to rebuild after`);
    preview = await benchLocalPreview(workDir, sampleData, PREVIEW_ROUNDS);
    if (!preview.ok) failures.push(`The npm start figures failed:\n${preview.error}`);
  }

  if (historySizes.length > 0) {
    historyRows = await benchHistory(historySizes, workDir, progress);
    for (const r of historyRows) if (!r.outcome.ok) failures.push(`History extraction of ${count(r.risks)} × ${r.revisions} failed:\n${r.outcome.error}`);
  }
  progress('Done');
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

/** The faster of two builds; a failed one wins, so the failure is reported. */
function faster(earlier: BuildOutcome | undefined, later: BuildOutcome): BuildOutcome {
  if (earlier === undefined || !earlier.ok) return earlier ?? later;
  if (!later.ok) return later;
  return later.ms < earlier.ms ? later : earlier;
}

/** Writes out what earlier builds left in the page cache (`sync`; where there is none, nothing). */
function flushDisk(): void {
  try {
    execFileSync('sync', { stdio: 'ignore' });
  } catch {
    // No sync command (Windows): the builds then share the disk as they find it.
  }
}

async function sampleAndSubmissions(siteRoot: string, sampleData: string): Promise<void> {
  progress('Building the sample site (./data)');
  const sample = record('The sample site build (./data)', await runBuild({ kind: 'site', dataDir: sampleData, workDir, siteRoot, warmUp: false }));
  if (sample.ok) {
    try {
      sampleJs = measureSampleJs(join(siteRoot, 'dist'));
    } catch (error) {
      failures.push(`Weighing the sample site's JavaScript failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  const submitWorker = fileURLToPath(new URL('../node/bench/submit-worker.ts', import.meta.url));
  progress(`Submitting risk updates through the local git backend (${SUBMIT.sequential} one at a time, then ${SUBMIT.clients} clients × ${SUBMIT.perClient})`);
  const localJob: SubmitJob = { kind: 'local', dataDir: sampleData, ...SUBMIT };
  const localOutcome = (await runInChild<SubmitOutcome>(submitWorker, localJob, { timeoutMs: 4 * 60_000 })) as LocalSubmit | { ok: false; error: string };
  if (!localOutcome.ok) failures.push(`The local git submissions failed:\n${localOutcome.error}`);
  local = localOutcome;

  // Last, and allowed to fail (printed as n/a): the GitHub backend and its emulator are still changing.
  progress(`Submitting ${SUBMIT.github} risk updates through the GitHub backend against the emulator`);
  const githubJob: SubmitJob = { kind: 'github', dataDir: sampleData, submissions: SUBMIT.github };
  github = (await runInChild<SubmitOutcome>(submitWorker, githubJob, { timeoutMs: 2 * 60_000 })) as typeof github;
}

function measureSampleJs(dist: string): PageTypeJs[] {
  const pagesUnder = (dir: string): string[] =>
    readdirSync(join(dist, dir), { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(dist, dir, d.name, 'index.html')))
      .map((d) => `/${dir}/${d.name}/`);
  const types: [string, string[]][] = [
    ['Home', ['/']],
    ['Register page', pagesUnder('registers')],
    ['Risk page', pagesUnder('risks')],
    ['My risks', ['/my-risks/']],
    ['Proposals', ['/proposals/']],
  ];
  return types.map(([type, paths]) => {
    if (paths.length === 0) throw new Error(`the sample site has no ${type.toLowerCase()}`);
    const weighed = paths.map((path) => ({ path, weight: pageJsWeight(dist, readFileSync(join(dist, path, 'index.html'), 'utf8'), path) }));
    const heaviest = weighed.reduce((a, b) => (b.weight.gzipBytes > a.weight.gzipBytes ? b : a));
    return { type, pages: paths.length, heaviest: heaviest.path, weight: heaviest.weight };
  });
}

const oneLine = (text: string): string => text.split('\n').find((line) => line.trim() !== '')?.trim().slice(0, 160) ?? 'no reason given';
const ms = (value: number): string => `${Math.round(value)} ms`;

// ---- 1 and 2: validate and build times
type Clock = 'ms' | 'cpuMs';
const time = (o: BuildOutcome): string => (o.ok ? `${seconds(o.ms)} / ${seconds(o.cpuMs)}` : 'FAILED');
const ratio = (row: Row, clock: Clock = 'ms'): number | undefined => (row.site.ok && row.trivial.ok ? row.site[clock] / row.trivial[clock] : undefined);
const ratios = (row: Row): string => {
  const [wall, cpu] = [ratio(row), ratio(row, 'cpuMs')];
  return wall === undefined || cpu === undefined ? '—' : `${wall.toFixed(2)}× / ${cpu.toFixed(2)}×`;
};
if (rows.length > 0) {
  console.log(
    `Validate (in-process, after a warm-up, median of ${validateRuns}) and build (each in its own process after an untimed one-page build, the faster of two runs; ours includes validation) on generated data. ` +
      `Each generated data set is a git repository (git fast-import) in which every risk has ${BUILD_REVISIONS} revisions (created, then a new current rating and a review comment), ` +
      'so our build reads that history (in a process of its own, while Astro bundles the site) and writes a history page per risk, with its timeline, chart and table. Times are wall clock / CPU.\n',
  );
  console.log(
    markdownTable(
      ['Risks', 'Registers', 'Pages', 'Validate', 'Build (ours)', 'Build (trivial)', 'Build / trivial'],
      rows.map((r) => [
        count(r.risks),
        count(r.registers),
        r.site.ok ? count(r.site.pages) : count(r.expectedPages),
        `${seconds(r.validateMs)} / ${seconds(r.validateCpuMs)}`,
        time(r.site),
        time(r.trivial),
        ratios(r),
      ]),
      new Set([0, 1, 2, 3, 4, 5, 6]),
    ),
  );
  const [smallest, largest] = [rows[0], rows[rows.length - 1]];
  if (smallest && largest && smallest !== largest && smallest.site.ok && largest.site.ok && smallest.trivial.ok && largest.trivial.ok) {
    const extraPages = largest.expectedPages - smallest.expectedPages;
    const split = (small: number, large: number): { perPage: number; fixed: number } => {
      const perPage = (large - small) / extraPages;
      return { perPage, fixed: small - perPage * smallest.expectedPages };
    };
    const describe = (clock: Clock, label: string): string => {
      const ours = split(smallest.site.ok ? smallest.site[clock] : 0, largest.site.ok ? largest.site[clock] : 0);
      const trivial = split(smallest.trivial.ok ? smallest.trivial[clock] : 0, largest.trivial.ok ? largest.trivial[clock] : 0);
      return `${label}: each further page ours ${ours.perPage.toFixed(1)} ms, trivial ${trivial.perPage.toFixed(1)} ms (${(ours.perPage / trivial.perPage).toFixed(1)}×); fixed cost ours ${seconds(ours.fixed)}, trivial ${seconds(trivial.fixed)}`;
    };
    // CPU time only: one wall-clock build slowed by other work can make the per-page figure nonsense.
    console.log(`\nFrom ${count(smallest.risks)} to ${count(largest.risks)} risks, ${describe('cpuMs', 'CPU time')}.`);
  }
  console.log(`\nWhere each build's time went (wall clock, timed from Astro's own hooks): Vite's server bundle (the pages' code), its client bundle (the browser's scripts; the trivial site has none), prerendering every page, and the rest (for ours: validation, starting the history reader, Astro's set-up and finishing).\n`);
  console.log(markdownTable(['Risks', 'Build', 'Vite server', 'Vite client', 'Prerendering (per page)', 'Rest'], rows.flatMap((r) => [phaseRow(r, 'ours'), phaseRow(r, 'trivial')]), new Set([1, 2, 3, 4, 5])));
  const budget = budgetLine(rows.find((r) => r.risks === TARGET.risks));
  if (budget !== undefined) console.log(budget);
  for (const r of rows) {
    if (r.site.ok && r.site.pages !== r.expectedPages) {
      console.log(`\nNote: at ${count(r.risks)} risks our build wrote ${count(r.site.pages)} pages but the routes in src/pages predict ${count(r.expectedPages)}; the trivial site built ${count(r.expectedPages)}.`);
    }
  }
}

/** One build's phases as a table row: each phase's time, and what is left of the whole. */
function phaseRow(row: Row, which: 'ours' | 'trivial'): string[] {
  const outcome = which === 'ours' ? row.site : row.trivial;
  const label = `${count(row.risks)} ${which}`;
  if (!outcome.ok) return [label, 'FAILED', '—', '—', '—', '—'];
  const { serverMs, clientMs, pagesMs } = outcome.phases;
  const shown = (value: number | null): string => (value === null ? '—' : seconds(value));
  const perPage = pagesMs === null || outcome.pages === 0 ? '' : ` (${(pagesMs / outcome.pages).toFixed(2)} ms)`;
  const rest = outcome.ms - (serverMs ?? 0) - (clientMs ?? 0) - (pagesMs ?? 0);
  return [label, seconds(outcome.ms), shown(serverMs), shown(clientMs), `${shown(pagesMs)}${perPage}`, seconds(rest)];
}

/** What the ratio target leaves each of our pages to prerender in, once the fixed costs are paid. */
function budgetLine(row: Row | undefined): string | undefined {
  if (row === undefined) return undefined;
  const { site, trivial } = row;
  if (!site.ok || !trivial.ok || site.phases.pagesMs === null || trivial.phases.pagesMs === null) return undefined;
  const budget = ratioBudget({ ms: site.ms, pages: site.pages, pagesMs: site.phases.pagesMs }, { ms: trivial.ms, pages: trivial.pages, pagesMs: trivial.phases.pagesMs }, TARGET.ratio);
  const left =
    budget.perPageMs > 0
      ? `leaves ${seconds(budget.prerenderMs)} to prerender our ${count(site.pages)} pages: ${budget.perPageMs.toFixed(2)} ms each, where Astro took ${budget.trivialPerPageMs.toFixed(2)} ms for each trivial page`
      : 'is spent before the first page is prerendered';
  return (
    `\nAt ${count(row.risks)} risks everything in our build but prerendering took ${seconds(budget.fixedMs)}, ${budget.fixedRatio.toFixed(2)}× the whole trivial build. ` +
    `The ${TARGET.ratio}× target (${seconds(budget.allowedMs)}) ${left}.`
  );
}

// ---- 3: JavaScript per page type
if (sampleJs.length > 0) {
  console.log(`\nJavaScript shipped, sample site (./data): per page type, the heaviest page's scripts and their static imports, each gzipped (level 9).\n`);
  console.log(
    markdownTable(
      ['Page type', 'Pages', 'Heaviest page', 'Scripts', 'JS (gzip)'],
      sampleJs.map((j) => [j.type, count(j.pages), j.heaviest, count(j.weight.scripts), kilobytes(j.weight.gzipBytes)]),
      new Set([1, 3, 4]),
    ),
  );
}

// ---- 4 and 5: submissions
if (!historyOnly) {
  console.log('\nRisk updates (POST /api/risks/:id/updates): each a new proposal branch, on the sample data.\n');
  const submitRows: string[][] = [];
  if (local?.ok) {
    const via = `${local.via}; local git backend, fresh \`git init\` repo of data/; risk ${local.riskId}`;
    submitRows.push([`One at a time (${local.sequential.n}, after 3 untimed)`, ms(local.sequential.p50), ms(local.sequential.p95), '—', via]);
    submitRows.push([
      `${local.concurrent.clients} concurrent clients (${local.concurrent.n} in all)`,
      ms(local.concurrent.p50),
      ms(local.concurrent.p95),
      `${local.concurrent.perSecond.toFixed(1)}/s`,
      `${seconds(local.concurrent.wallMs)} wall clock`,
    ]);
  } else {
    submitRows.push(['Local git backend', 'n/a', 'n/a', 'n/a', local ? oneLine(local.error) : 'not run']);
  }
  if (github?.ok) {
    const [first, ...rest] = github.requests;
    const requests =
      rest.length > 0 ? `${first ?? '?'} requests for the first (cold blob cache, ${github.dataFiles} data files), then ${rest.join(', ')}; a new instance sharing contents through Netlify Blobs, ${github.sharedCacheRequests} for its first` : `${first ?? '?'} requests`;
    submitRows.push([`GitHub emulator (${github.submissions}, one at a time)`, ms(github.medianMs), '—', '—', `${github.via}; ${requests}; ${github.shapeProblems} shape problems`]);
  } else {
    submitRows.push(['GitHub emulator', 'n/a', 'n/a', 'n/a', github ? oneLine(github.error) : 'not run']);
  }
  console.log(markdownTable(['Submissions', 'p50', 'p95', 'Throughput', 'How'], submitRows, new Set([1, 2, 3])));
}

// ---- 6: history extraction
if (historyRows.length > 0) console.log(`\n${historyTable(historyRows)}`);

// ---- 7: npm start's rebuilds
const medianRebuild = (p: { rebuildMs: number[] }): string => (p.rebuildMs.length > 0 ? seconds(median(p.rebuildMs)) : 'n/a');
if (preview?.ok) {
  console.log(`\nnpm start on the sample data in a fresh repository (a copy of the project, PORT=0): from starting to ready, then ${PREVIEW_ROUNDS} commits ${PREVIEW_ROUNDS > 1 ? 'each ' : ''}retitling a risk, ${PREVIEW_PAUSE_MS / 1000} s apart, from the commit to the risk page serving the new title, beside the rebuild's own time as npm start prints it.\n`);
  console.log(
    markdownTable(
      ['npm start', 'Median', 'Each'],
      [
        ['Ready (first build)', seconds(preview.readyMs), seconds(preview.readyMs)],
        ['Commit to new page served', seconds(median(preview.servedMs)), preview.servedMs.map(seconds).join(', ')],
        ['Rebuild (npm start\'s figure)', medianRebuild(preview), preview.rebuildMs.map(seconds).join(', ')],
      ],
      new Set([1, 2]),
    ),
  );
}

// ---- Targets
const atTarget = rows.find((r) => r.risks === TARGET.risks);
const register = sampleJs.find((j) => j.type === 'Register page');
const notRun = `not run (${count(TARGET.risks)} not in --sizes)`;
const targetRatio = atTarget && ratio(atTarget);
const githubWarm = github?.ok ? median(github.requests.slice(github.requests.length > 1 ? 1 : 0)) : undefined;
const historyTargetRows = historySizes.length > 0 ? historyTargets(historyRows) : [['6. History extraction', `${count(HISTORY_TARGET.risks)} × ${HISTORY_TARGET.revisions} < ${HISTORY_TARGET.ms / 1000} s`, 'not run (--no-history)', '—']];
console.log(`\n${markdownTable(
  ['Figure', 'Target', 'Measured', 'Result'],
  historyOnly ? historyTargetRows : [
    ['1. Validate', `${count(TARGET.risks)} risks < ${TARGET.validateMs / 1000} s`, atTarget ? `${seconds(atTarget.validateMs)} (CPU ${seconds(atTarget.validateCpuMs)})` : notRun, atTarget ? verdict(atTarget.validateMs < TARGET.validateMs) : '—'],
    ['2. Build / trivial', `at ${count(TARGET.risks)} risks < ${TARGET.ratio}×`, targetRatio !== undefined ? `${targetRatio.toFixed(2)}× (CPU ${atTarget ? (ratio(atTarget, 'cpuMs')?.toFixed(2) ?? '?') : '?'}×)` : atTarget ? 'build failed' : notRun, targetRatio !== undefined ? verdict(targetRatio < TARGET.ratio) : '—'],
    ['3. Register page JS', `gzip < ${kilobytes(TARGET.registerJsBytes)}`, register ? kilobytes(register.weight.gzipBytes) : 'sample build failed', register ? verdict(register.weight.gzipBytes < TARGET.registerJsBytes) : '—'],
    ['4. Submission latency', `p95 < ${TARGET.submitP95Ms} ms (one at a time)`, local?.ok ? ms(local.sequential.p95) : 'n/a', local?.ok ? verdict(local.sequential.p95 < TARGET.submitP95Ms) : '—'],
    ['4. Submission throughput', `none set (${SUBMIT.clients} clients)`, local?.ok ? `${local.concurrent.perSecond.toFixed(1)} submissions/s` : 'n/a', 'no target'],
    ['5. GitHub requests', 'none set', githubWarm !== undefined ? `${githubWarm} per submission (warm)` : `n/a: ${github && !github.ok ? oneLine(github.error) : 'not run'}`, 'no target'],
    ...historyTargetRows,
    ['7. npm start rebuild', 'none set (commit to page served)', preview?.ok ? `${seconds(median(preview.servedMs))} (rebuild ${medianRebuild(preview)})` : `n/a${preview && !preview.ok ? `: ${oneLine(preview.error)}` : ''}`, 'no target'],
  ],
)}`);

const busiest = Math.max(startLoad, loadavg()[0] ?? 0);
console.log(
  `\nResults are judged on wall clock. Load average at the end ${load()} on ${cpuList.length} CPUs` +
    (busiest > cpuList.length ? ': the machine was busy, so wall times are inflated and the CPU times are the better guide.' : '.'),
);
if (values['cpu-prof']) console.log(`\nCPU profiles of every build (one file per process) are in ${profileDir}. Profiling slows the builds: compare the ratio, not the times.`);
if (failures.length > 0) {
  console.error(`\n${failures.join('\n\n')}`);
  process.exitCode = 1;
}
