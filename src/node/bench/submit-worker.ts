import { benchGitHubSubmissions, benchLocalSubmissions, type SubmitJob, type SubmitOutcome } from './submissions.ts';

/** One submissions benchmark in its own process: it sets sign-in variables and caches a backend. */
const job = JSON.parse(process.argv[2] ?? '{}') as SubmitJob;
const send = (outcome: SubmitOutcome): void => {
  process.send?.(outcome, () => process.exit(0));
};
(job.kind === 'local' ? benchLocalSubmissions(job) : benchGitHubSubmissions(job)).then(send, (error: unknown) => {
  send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
