/**
 * The build's history, read in a child process while Astro bundles the site. At 5,000 risks the
 * read (one git log and one cat-file, streamed into replaying and validating every revision)
 * takes seconds of work that would otherwise hold up the build; beside it, it overlaps Vite's
 * bundling. A process rather than a worker thread: Node 20 does not run tsx's loader hooks in
 * workers. The answer comes back by structured clone ('advanced' serialization), which keeps
 * shared objects shared (a revision's commit is the history's commit) and costs the build ~0.3 s.
 */
import { fork } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DataFiles } from '../../core/data/load.ts';
import type { BuildHistory } from './build-history.ts';
import type { HistoryProcessAnswer, HistoryProcessJob } from './history-process.ts';

const CHILD = fileURLToPath(new URL('./history-process.ts', import.meta.url));
/** tsx's loader, by file URL, so the child finds it wherever the build was started from. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

/**
 * Reads the history of `dataDir` as loadBuildHistory does, in a child process. Call
 * deepenIfShallow first: the child refuses a shallow clone rather than fetching.
 */
export function readBuildHistoryAside(dataDir: string, files: DataFiles): Promise<BuildHistory> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, [], { execArgv: ['--import', TSX], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answered = false;
    child.once('message', (message) => {
      answered = true;
      const answer = message as HistoryProcessAnswer;
      if (answer.ok) resolve(answer.history);
      else reject(Object.assign(new Error(answer.message), { name: answer.name }));
      child.disconnect();
    });
    child.once('error', (err) => {
      answered = true;
      reject(err);
    });
    child.once('exit', (code) => {
      if (!answered) reject(new Error(`the process reading the git history stopped (exit code ${code ?? 'none'}) before answering`));
    });
    child.send({ dataDir, files } satisfies HistoryProcessJob);
  });
}
