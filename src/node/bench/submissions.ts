import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { base64url, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { actorFor, authorize } from '../../core/access/authorize.ts';
import { readDataDir } from '../../core/data/read-dir.ts';
import { loadWorkspace } from '../../core/data/load.ts';
import type { Workspace } from '../../core/data/workspace.ts';
import type { Person } from '../../core/schemas/person.ts';
import { createLocalGitBackend } from '../git/local-git.ts';
import { median } from './table.ts';
import { startJwksIssuer } from '../jwks-issuer.ts';

/** The percentile `p` (0–100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

export interface LocalSubmitJob {
  kind: 'local';
  /** The sample data directory copied into a fresh repository. */
  dataDir: string;
  /** Timed one after another, after a few untimed. */
  sequential: number;
  clients: number;
  perClient: number;
}

export interface GitHubSubmitJob {
  kind: 'github';
  dataDir: string;
  submissions: number;
}

export type SubmitJob = LocalSubmitJob | GitHubSubmitJob;

export type SubmitOutcome =
  | {
      ok: true;
      kind: 'local';
      via: string;
      riskId: string;
      sequential: { n: number; p50: number; p95: number };
      concurrent: { n: number; clients: number; wallMs: number; perSecond: number; p50: number; p95: number };
    }
  | { ok: true; kind: 'github'; via: string; submissions: number; dataFiles: number; requests: number[]; sharedCacheRequests: number; medianMs: number; shapeProblems: number }
  | { ok: false; error: string };

/** Git isolated from the machine's configuration, as the tests run it. */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_TERMINAL_PROMPT: '0' };
  for (const name of Object.keys(env)) {
    if (/^GIT_(DIR|WORK_TREE|INDEX_FILE|OBJECT_DIRECTORY|ALTERNATE_OBJECT_DIRECTORIES|COMMON_DIR|AUTHOR_\w+|COMMITTER_\w+)$/.test(name)) delete env[name];
  }
  return env;
}

/** A fresh repository in a temporary folder: `data/` holding a copy of `dataDir`, one commit on main. */
function makeRepo(dataDir: string): { root: string; dataDir: string } {
  const root = mkdtempSync(join(tmpdir(), 'oversight-bench-git-'));
  cpSync(dataDir, join(root, 'data'), { recursive: true });
  writeFileSync(join(root, 'README.md'), '# Risk data (benchmark copy)\n');
  const git = (args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=Bench', '-c', 'user.email=bench@example.org', '-c', 'commit.gpgsign=false', '-c', 'core.hooksPath=/dev/null', ...args], {
      cwd: root,
      env: gitEnv(),
      stdio: 'ignore',
    });
  };
  git(['init', '-q', '-b', 'main']);
  git(['add', '-A']);
  git(['commit', '-q', '-m', 'Sample data']);
  return { root, dataDir: join(root, 'data') };
}

/** A risk someone with an email may update, and that person: the first the data offers. */
function pickSubmitter(ws: Workspace): { person: Person & { email: string }; riskId: string; file: string } {
  for (const register of ws.registers) {
    for (const entry of register.risks) {
      for (const person of ws.people) {
        if (person.email === undefined || person.email === null) continue;
        if (authorize(actorFor(ws, person), 'update-risk', { register: register.register, risk: entry.risk }).allowed) {
          return { person: { ...person, email: person.email }, riskId: entry.risk.id, file: entry.file };
        }
      }
    }
  }
  throw new Error('No one in the data may update any risk');
}

const body = (baseVersion: string, n: number): Record<string, unknown> => ({
  baseVersion,
  reason: `Benchmark submission ${n}`,
  reviewComment: `Benchmark review comment ${n}: reviewed at the monthly meeting.`,
});

/** A local identity provider: OpenID discovery and a JWKS, and the access tokens it would issue. */
async function startIssuer(): Promise<{ issuer: string; token: (email: string) => Promise<string>; close: () => Promise<void> }> {
  const keys = await generateKeyPair('RS256', { extractable: true });
  const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'bench-1', alg: 'RS256', use: 'sig' };
  const { issuer, close } = await startJwksIssuer([jwk]);
  const token = async (email: string): Promise<string> => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ sub: `bench-${email}`, email })
      .setProtectedHeader({ alg: 'RS256', kid: 'bench-1', typ: 'at+jwt' })
      .setIssuer(issuer)
      .setAudience('api://oversight-bench')
      .setIssuedAt(now - 60)
      .setExpirationTime(now + 3600)
      .sign(keys.privateKey);
  };
  return { issuer, token, close };
}

/**
 * Risk updates through the real handler of POST /api/risks/:id/updates
 * (functions/risk-updates.mts) with a bearer token from a local issuer, proposing
 * through the local git backend into a fresh repository of the sample data.
 */
export async function benchLocalSubmissions(job: LocalSubmitJob): Promise<SubmitOutcome> {
  const repo = makeRepo(job.dataDir);
  const idp = await startIssuer();
  try {
    const publicUrl = 'https://risks.bench.example';
    Object.assign(process.env, {
      OVERSIGHT_OIDC_ISSUER: idp.issuer,
      OVERSIGHT_OIDC_CLIENT_ID: 'oversight-bench',
      OVERSIGHT_OIDC_CLIENT_SECRET: 'client-secret-for-the-bench',
      OVERSIGHT_SESSION_KEY: base64url.encode(new Uint8Array(32).fill(7)),
      OVERSIGHT_API_AUDIENCE: 'api://oversight-bench',
      OVERSIGHT_PUBLIC_URL: publicUrl,
      OVERSIGHT_DATA_DIR: repo.dataDir,
      OVERSIGHT_GIT_BACKEND: 'local',
      OVERSIGHT_BASE_BRANCH: 'main',
      OVERSIGHT_RATE_LIMIT: '1000000',
    });
    delete process.env['NETLIFY'];
    // Refusals are logged with console.warn: a failed submission is reported below instead.
    console.warn = (): void => undefined;
    const { default: handler } = await import('../../../functions/risk-updates.mts');

    const ws = loadWorkspace(readDataDir(repo.dataDir)).workspace;
    const { person, riskId, file } = pickSubmitter(ws);
    const backend = await createLocalGitBackend({ dataDir: repo.dataDir });
    const baseVersion = (await backend.readFile(file))?.sha;
    if (baseVersion === undefined) throw new Error(`${file} is not in the new repository`);
    const authorization = `Bearer ${await idp.token(person.email)}`;
    let n = 0;
    const submit = async (): Promise<number> => {
      n += 1;
      const started = performance.now();
      const res = await handler(
        new Request(`${publicUrl}/api/risks/${riskId}/updates`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify(body(baseVersion, n)),
        }),
        { params: { id: riskId } },
      );
      const text = await res.text();
      const ms = performance.now() - started;
      if (res.status !== 201) throw new Error(`Submission ${n} answered ${res.status}: ${text.slice(0, 500)}`);
      return ms;
    };

    for (let i = 0; i < 3; i++) await submit(); // untimed: module loading, JWKS fetch, JIT
    const sequential: number[] = [];
    for (let i = 0; i < job.sequential; i++) sequential.push(await submit());

    const concurrent: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: job.clients }, async () => {
        for (let i = 0; i < job.perClient; i++) concurrent.push(await submit());
      }),
    );
    const wallMs = performance.now() - started;
    const total = job.clients * job.perClient;
    const branches = execFileSync('git', ['for-each-ref', '--format=%(refname)', 'refs/heads/oversight/'], { cwd: repo.root, env: gitEnv(), encoding: 'utf8' }).trim().split('\n').length;
    if (branches !== n) throw new Error(`${n} submissions answered 201 but the repository has ${branches} proposal branches`);
    return {
      ok: true,
      kind: 'local',
      via: 'the real handler (functions/risk-updates.mts), bearer token',
      riskId,
      sequential: { n: sequential.length, p50: median(sequential), p95: percentile(sequential, 95) },
      concurrent: { n: total, clients: job.clients, wallMs, perSecond: total / (wallMs / 1000), p50: median(concurrent), p95: percentile(concurrent, 95) },
    };
  } finally {
    await idp.close();
    rmSync(repo.root, { recursive: true, force: true });
  }
}

/** Every file under `dir`, as repository paths under `prefix`. */
function filesUnder(dir: string, prefix: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files[`${prefix}/${relative(dir, full).split(sep).join('/')}`] = readFileSync(full, 'utf8');
  }
  return files;
}

/**
 * GitHub requests per risk update: the use case (proposeRiskUpdate) through the GitHub
 * backend against the emulator in tests/helpers, counted with backend.requestCount(). The
 * backend shares file contents through Netlify Blobs (its local server), as deployed; a second,
 * new backend then makes one more submission, as a new function instance would.
 */
export async function benchGitHubSubmissions(job: GitHubSubmitJob): Promise<SubmitOutcome> {
  const { startGitHubEmulator } = await import('../../../tests/helpers/github-emulator.ts');
  const { createGitHubBackend } = await import('../git/github.ts');
  const { proposeRiskUpdate } = await import('../../core/proposals/propose-update.ts');
  const { RiskUpdateRequestSchema } = await import('../../core/proposals/update-request.ts');
  const ws = loadWorkspace(readDataDir(job.dataDir)).workspace;
  const collaborators = ws.people.flatMap((p) => (p.github === undefined ? [] : [p.github]));
  const dataFiles = filesUnder(job.dataDir, 'data');
  const emulator = await startGitHubEmulator({ files: { 'README.md': '# Risk data\n', ...dataFiles }, collaborators });
  const { startBlobsRuntime } = await import('../../../tests/helpers/blobs-runtime.ts');
  const { blobsBlobCache } = await import('../../http/blob-cache-store.ts');
  const blobs = await startBlobsRuntime();
  const sharedBlobCache = blobsBlobCache(blobs.store('oversight-git-blobs'));
  try {
    const newBackend = (): ReturnType<typeof createGitHubBackend> =>
      createGitHubBackend({ owner: emulator.owner, repo: emulator.repo, token: emulator.token, baseUrl: emulator.baseUrl, dataPath: 'data', retryBaseDelayMs: 1, sharedBlobCache });
    const backend = newBackend();
    const { person, riskId, file } = pickSubmitter(ws);
    const baseVersion = (await backend.readFile(file))?.sha;
    if (baseVersion === undefined) throw new Error(`${file} is not in the emulated repository`);
    const requests: number[] = [];
    const times: number[] = [];
    const submit = async (through: typeof backend, n: number): Promise<number> => {
      const before = through.requestCount();
      const started = performance.now();
      const result = await proposeRiskUpdate({
        backend: through,
        riskId,
        request: RiskUpdateRequestSchema.parse(body(baseVersion, n)),
        person,
        now: new Date(),
        randomKey: () => `bench-${n}-${Math.random().toString(36).slice(2, 10)}`,
      });
      times.push(performance.now() - started);
      if (result.kind !== 'created') throw new Error(`Submission ${n} was ${result.kind}: ${'message' in result ? result.message : ''}`);
      return through.requestCount() - before;
    };
    for (let i = 0; i < job.submissions; i++) requests.push(await submit(backend, i + 1));
    const sharedCacheRequests = await submit(newBackend(), job.submissions + 1);
    times.pop(); // The median is of one instance's submissions.
    return {
      ok: true,
      kind: 'github',
      via: 'proposeRiskUpdate + GitHub backend, against the emulator',
      submissions: job.submissions,
      dataFiles: Object.keys(dataFiles).length,
      requests,
      sharedCacheRequests,
      medianMs: median(times),
      shapeProblems: emulator.shapeProblems.length,
    };
  } finally {
    await emulator.close();
    await blobs.close();
  }
}
