/** The child process behind history-aside.ts: one loadBuildHistory, answered once. */
import type { DataFiles } from '../../core/data/load.ts';
import { loadBuildHistory, type BuildHistory } from './build-history.ts';

export interface HistoryProcessJob {
  dataDir: string;
  files: DataFiles;
}

export type HistoryProcessAnswer = { ok: true; history: BuildHistory } | { ok: false; name: string; message: string };

/** Answers the build; if it has gone (the build failed first), there is no one to tell. */
function answer(message: HistoryProcessAnswer): void {
  process.send?.(message, () => undefined);
}

process.once('message', (message) => {
  const job = message as HistoryProcessJob;
  loadBuildHistory(job.dataDir, job.files, { shallow: 'fail' }).then(
    (history) => answer({ ok: true, history }),
    (err: unknown) => {
      const error = err instanceof Error ? err : new Error(String(err));
      answer({ ok: false, name: error.name, message: error.message });
    },
  );
});
// The build stopped waiting (it failed, or was interrupted): stop reading.
process.once('disconnect', () => process.exit(0));
