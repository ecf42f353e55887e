import type { Config } from '@netlify/functions';
import { proposerFacts } from '../src/core/access/proposers.ts';
import { protect } from '../src/http/guard.ts';
import { json } from '../src/http/responses.ts';

/**
 * GET /api/me: who is signed in, their roles, the risks they own or are delegated and the
 * registers they manage (so pages can say who may propose what).
 */
export default protect({ changesState: false, readsGitHost: false }, (_req, { actor, auth, workspace }) => {
  const { id, name, email } = actor.person;
  return json(200, {
    person: { id, name, email: email ?? null },
    ...proposerFacts(actor, workspace),
    // Scripts on our pages echo this in X-CSRF-Token; bearer callers need none.
    ...(auth.via === 'session' ? { csrfToken: auth.session.csrf } : {}),
  });
});

export const config: Config = { path: '/api/me', method: 'GET' };
