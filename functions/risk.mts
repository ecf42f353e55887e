import type { Config, Context } from '@netlify/functions';
import { actorFor, authorize } from '../src/core/access/authorize.ts';
import { loadWorkspace } from '../src/core/data/load.ts';
import { findRisk } from '../src/core/data/workspace.ts';
import { gitBackend } from '../src/http/git-backend.ts';
import { protect } from '../src/http/guard.ts';
import { json, jsonError } from '../src/http/responses.ts';

/**
 * GET /api/risks/:id: the risk as it is on the base branch now (read on every request,
 * never cached), with its `version` for a later update; restricted registers' risks
 * only to those allowed to see them.
 */
export default (req: Request, context: Pick<Context, 'params'>) =>
  protect({ changesState: false, readsGitHost: true }, async (_req, { actor }) => {
    const id = context.params['id'] ?? '';
    const backend = await gitBackend(process.env);
    const files = await backend.readFiles();
    const workspace = loadWorkspace(new Map([...files].map(([path, f]) => [path, f.content]))).workspace;
    const entry = findRisk(workspace, id);
    const register = workspace.registers.find((r) => r.register.id === entry?.registerId);
    if (!entry || !register) return jsonError(404, 'not-found', `There is no risk ${id}.`);
    if (!authorize(actorFor(workspace, actor.person), 'view-register', { register: register.register, risk: entry.risk }).allowed) {
      // Not 403: a restricted risk's existence is itself restricted.
      return jsonError(404, 'not-found', `There is no risk ${id}.`);
    }
    return json(200, { ...entry.risk, register: register.register.id, version: files.get(entry.file)!.sha }, { 'cache-control': 'no-store' });
  })(req);

export const config: Config = { path: '/api/risks/:id', method: 'GET' };
