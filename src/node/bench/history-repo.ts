import { spawn } from 'node:child_process';
import { toJsonFile } from '../../core/data/serialize.ts';
import { readDataDir } from '../../core/data/read-dir.ts';
import { generateDataDir } from '../generate-data.ts';
import { runGit } from '../git/git-process.ts';

export interface HistoryRepoOptions {
  risks: number;
  /** Revisions per risk, counting its creation: 20 means created, then changed 19 times. */
  revisions: number;
  /** Default: one per 50 risks (see generateHistoryRepo). */
  registers?: number;
}

export interface HistoryRepo {
  /** Commits in the repository: one adding the whole data set, then one per later revision. */
  commits: number;
  /** Wall-clock time to write the repository (generateDataDir, git fast-import, checkout). */
  ms: number;
}

const START = Date.UTC(2023, 0, 2) / 1000;
const END = Date.UTC(2026, 8, 30) / 1000;
/** Three months, in seconds: when each generated review says the next is due. */
const REVIEW_CYCLE = 91 * 24 * 3600;

/**
 * Makes `dir` a git repository (data at its top) holding generateDataDir's data set with a
 * history: the first commit adds every file, then each risk is changed `revisions - 1` times,
 * one commit per change, spread over the history (a round over every risk, then the next
 * round). A change is either the risk's current rating or its review comment, alternately.
 *
 * Written by one `git fast-import` fed one stream of commits, not one `git commit` per
 * revision: 100,000 commits take seconds, not an hour. Deterministic: the same arguments
 * give the same commits (and commit ids).
 */
export async function generateHistoryRepo(dir: string, options: HistoryRepoOptions): Promise<HistoryRepo> {
  const started = performance.now();
  const rounds = Math.max(0, options.revisions - 1);
  generateDataDir(dir, { risks: options.risks, registers: options.registers ?? Math.max(1, Math.ceil(options.risks / 50)) });
  const files = readDataDir(dir);
  const riskPaths = [...files.keys()].filter((path) => /^registers\/[^/]+\/risks\/[^/]+\.json$/.test(path)).sort();
  const risks = riskPaths.map((path) => ({ path, data: JSON.parse(files.get(path) ?? '{}') as RiskJson }));
  const commits = 1 + rounds * risks.length;
  const step = Math.max(1, Math.floor((END - START) / commits));

  await runGit(dir, ['init', '--quiet', '--initial-branch=main']);
  const child = spawn('git', ['fast-import', '--quiet', '--done'], { cwd: dir, stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, LC_ALL: 'C' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  const stdin = child.stdin;
  stdin.on('error', () => undefined); // a failure shows in the exit code and stderr
  let buffer: string[] = [];
  let size = 0;
  const flush = async (): Promise<void> => {
    if (buffer.length === 0) return;
    const chunk = buffer.join('');
    buffer = [];
    size = 0;
    if (!stdin.write(chunk)) await new Promise<void>((resolve) => stdin.once('drain', resolve));
  };
  const emit = async (text: string): Promise<void> => {
    buffer.push(text);
    size += text.length;
    if (size > 1 << 20) await flush();
  };
  const data = (text: string): string => `data ${Buffer.byteLength(text)}\n${text}\n`;
  let mark = 0;
  const commit = async (at: number, author: number, message: string, changed: [string, string][]): Promise<void> => {
    mark++;
    const who = `Person ${author} <person${author}@council.example> ${at} +0000`;
    const body = changed.map(([path, text]) => `M 100644 inline ${path}\n${data(text)}`).join('');
    await emit(`commit refs/heads/main\nmark :${mark}\nauthor ${who}\ncommitter ${who}\n${data(message)}${body}\n`);
  };

  // Reviewed on the day each version is committed, as a risk owner would record it: a review
  // dated after its commit would flag every commit as invalid data.
  const reviewed = (risk: { data: RiskJson }, at: number): void => {
    risk.data.lastReview = new Date(at * 1000).toISOString().slice(0, 10);
    risk.data.nextReview = new Date((at + REVIEW_CYCLE) * 1000).toISOString().slice(0, 10);
  };
  const initial = new Map(files);
  for (const risk of risks) {
    reviewed(risk, START);
    initial.set(risk.path, toJsonFile(risk.data));
  }
  await commit(START, 1, 'Generated data set\n', [...initial].sort(([a], [b]) => (a < b ? -1 : 1)));
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let round = 1; round <= rounds; round++) {
    for (const [i, risk] of risks.entries()) {
      const at = START + (1 + (round - 1) * risks.length + i) * step;
      const day = new Date(at * 1000).toISOString().slice(0, 10);
      const author = 1 + random(40);
      let what: string;
      if (round % 2 === 1) {
        // A new current rating, never below the target and never the same as before
        // (a risk already at 5×5 with a 5×5 target has its target lowered with it).
        let target = risk.data.target ?? { likelihood: 1, impact: 1 };
        const before = risk.data.current ?? { likelihood: 3, impact: 3 };
        if (target.likelihood === 5 && target.impact === 5) {
          target = { likelihood: 4, impact: 5 };
          risk.data.target = target;
        }
        let next = before;
        while (next.likelihood === before.likelihood && next.impact === before.impact) {
          next = { likelihood: target.likelihood + random(6 - target.likelihood), impact: target.impact + random(6 - target.impact) };
        }
        risk.data.current = next;
        what = `rating ${next.likelihood}×${next.impact}`;
      } else {
        risk.data.reviewComments = [{ date: day, by: `person-${author}`, text: `Reviewed at round ${round}: controls checked, no change to the rating.` }];
        what = 'review comment';
      }
      reviewed(risk, at);
      await commit(at, author, `${risk.path.slice(risk.path.lastIndexOf('/') + 1, -5)}: ${what}\n`, [[risk.path, toJsonFile(risk.data)]]);
    }
  }
  await emit('done\n');
  await flush();
  stdin.end();
  const code = await exited;
  if (code !== 0) throw new Error(`git fast-import failed (exit ${code ?? 'null'}): ${stderr.trim() || 'no message'}`);
  // The working tree as the last commit left it, as a checkout would be.
  await runGit(dir, ['reset', '--hard', '--quiet', 'main']);
  return { commits, ms: performance.now() - started };
}

interface Rating {
  likelihood: number;
  impact: number;
}
interface RiskJson {
  lastReview?: string;
  nextReview?: string;
  current?: Rating;
  target?: Rating;
  reviewComments?: unknown[];
}
