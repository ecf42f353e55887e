/**
 * The embedded identity provider and the development token grant are for this machine only.
 * Deployed environments are recognised by Netlify's own variables (NETLIFY, CONTEXT) or by
 * OVERSIGHT_ENV=production; NODE_ENV is deliberately ignored, since tools set it freely.
 */

const set = (value: string | undefined): boolean => value !== undefined && value !== '';

/** Why this environment counts as deployed, naming the variable; undefined when it does not. */
function deployedBecause(env: NodeJS.ProcessEnv): string | undefined {
  if (set(env['NETLIFY'])) return `NETLIFY is set ("${env['NETLIFY']}")`;
  if (set(env['CONTEXT'])) return `CONTEXT is set ("${env['CONTEXT']}")`;
  if (env['OVERSIGHT_ENV'] === 'production') return 'OVERSIGHT_ENV is "production"';
  return undefined;
}

export function isDeployed(env: NodeJS.ProcessEnv = process.env): boolean {
  return deployedBecause(env) !== undefined;
}

/** Throws when running deployed; `what` names the refused feature, e.g. "the embedded identity provider". */
export function assertNotDeployed(env: NodeJS.ProcessEnv, what: string): void {
  const reason = deployedBecause(env);
  if (reason !== undefined) {
    throw new Error(`Refusing to run ${what}: it is for local development only, and ${reason}.`);
  }
}
