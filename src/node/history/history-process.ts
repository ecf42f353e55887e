/** The child process behind history-aside.ts: one loadBuildHistory, answered once. */
import type { DataFiles } from '../../core/data/load.ts';
import { loadBuildHistory, type BuildHistory } from './build-history.ts';

export interface HistoryProcessJob {
  dataDir: string;
  files: DataFiles;
}

export type HistoryProcessAnswer = { ok: true; history: BuildHistory } | { ok: false; name: string; message: string };

process.once('message', (message) => {
  const job = message as HistoryProcessJob;
  loadBuildHistory(job.dataDir, job.files, { shallow: 'fail' }).then(
    (history) => process.send?.({ ok: true, history } satisfies HistoryProcessAnswer),
    (err: unknown) => {
      const error = err instanceof Error ? err : new Error(String(err));
      process.send?.({ ok: false, name: error.name, message: error.message } satisfies HistoryProcessAnswer);
    },
  );
});
