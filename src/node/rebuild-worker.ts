import { buildSite } from './build-site.ts';

/** What a rebuild sends back: the validation report either way (errors when not built). */
export type RebuildOutcome = { ok: boolean; report: string; warnings: number } | { ok: false; error: string };

export interface RebuildJob {
  dataDir: string;
  outDir: string;
}

/**
 * One rebuild of the site for npm start (see site-rebuilds.ts), in a process of its own: Astro
 * cannot build a second site in the process that built the first, and the server stays free
 * to answer while this one works.
 */
async function run(job: RebuildJob): Promise<RebuildOutcome> {
  const result = await buildSite({ dataDir: job.dataDir, outDir: job.outDir, quiet: true });
  return { ok: result.ok, report: result.report, warnings: result.warnings };
}

const send = (outcome: RebuildOutcome): void => {
  process.send?.(outcome, () => process.exit(0));
};
run(JSON.parse(process.argv[2] ?? '{}') as RebuildJob).then(send, (error: unknown) => {
  send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
});
