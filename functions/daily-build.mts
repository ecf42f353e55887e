import type { Config } from '@netlify/functions';
import { requestDailyBuild } from '../src/http/build-hook.ts';

/**
 * Each night, asks Netlify to build the site again (see src/http/build-hook.ts), so overdue
 * reviews and actions are flagged on the day they fall due even when no data has changed.
 * Netlify runs it on its schedule only: a scheduled function has no URL anyone can call.
 */
export default async (): Promise<Response> => {
  const outcome = await requestDailyBuild(process.env, new Date());
  if (outcome.kind === 'refused') {
    console.error(JSON.stringify({ event: 'daily-build-refused', problem: outcome.problem }));
    return new Response(null, { status: 502 });
  }
  if (outcome.kind === 'requested') console.log(JSON.stringify({ event: 'daily-build-requested', day: outcome.day }));
  else console.log(JSON.stringify({ event: 'daily-build-not-set' }));
  return new Response(null, { status: 204 });
};

// Five minutes after midnight UTC: after midnight in the UK in winter (GMT) and summer (BST) alike.
export const config: Config = { schedule: '5 0 * * *' };
