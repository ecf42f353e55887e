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
 * to answer while this one works. It is started ahead of its job, which arrives as a message,
 * so that the ~5 s of importing Astro (through build-site.ts) and the Netlify adapter the
 * site's config names are over before the data changes.
 */
async function run(job: RebuildJob): Promise<RebuildOutcome> {
  const result = await buildSite({ dataDir: job.dataDir, outDir: job.outDir, quiet: true });
  return { ok: result.ok, report: result.report, warnings: result.warnings };
}

const send = (outcome: RebuildOutcome): void => {
  process.send?.(outcome, () => process.exit(0));
};
// npm start has gone (even if killed outright): so does this.
process.once('disconnect', () => process.exit(0));
await import('@astrojs/netlify');
process.once('message', (job) => {
  run(job as RebuildJob).then(send, (error: unknown) => {
    send({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  });
});
