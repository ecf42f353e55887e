import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Person } from '../core/schemas/person.ts';
import { loadServerWorkspace } from '../http/workspace-source.ts';
import { createApp, type AppOptions } from './app.ts';
import { createEmbeddedProvider } from './oidc/embedded-provider.ts';
import { LOCAL_CLIENT_ID, localApiAudience, localClientUris, localIssuer } from './oidc/local-defaults.ts';
import { loadLocalSecrets } from './oidc/local-secrets.ts';

export interface LocalServerOptions {
  distDir: string;
  dataDir: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** The environment the functions read; sign-in settings are added to it when the embedded provider is used. */
  env: NodeJS.ProcessEnv;
  secretsFile?: string;
}

export interface LocalServer {
  url: string;
  /** True when sign-in goes to the embedded provider rather than a configured one. */
  embeddedProvider: boolean;
  /** Serves the site in `distDir` from the next request on (npm start's rebuilds). */
  serveSite(distDir: string): void;
  close(): Promise<void>;
}

/**
 * The site, the functions and (unless another provider is configured) the embedded
 * identity provider on one port. It listens only once all of them are ready.
 */
export async function startLocalServer(options: LocalServerOptions): Promise<LocalServer> {
  const port = options.port === 0 ? await checkPort(0) : options.port;
  const siteUrl = `http://localhost:${port}`;
  const mounts: NonNullable<AppOptions['mounts']> = [];
  const embedded = !options.env['OVERSIGHT_OIDC_ISSUER'];
  if (embedded) {
    const secrets = await loadLocalSecrets(options.secretsFile);
    const issuer = localIssuer(siteUrl);
    const apiAudience = localApiAudience(options.env);
    Object.assign(options.env, {
      OVERSIGHT_OIDC_ISSUER: issuer,
      OVERSIGHT_OIDC_CLIENT_ID: LOCAL_CLIENT_ID,
      OVERSIGHT_OIDC_CLIENT_SECRET: secrets.clientSecret,
      OVERSIGHT_SESSION_KEY: secrets.sessionKey,
      OVERSIGHT_API_AUDIENCE: apiAudience,
      OVERSIGHT_PUBLIC_URL: siteUrl,
    });
    // Read again when the data changes, so someone added by a merged change can sign in.
    const people = (): readonly Person[] => loadServerWorkspace({ OVERSIGHT_DATA_DIR: options.dataDir }).people;
    const provider = createEmbeddedProvider({ issuer, people, secrets, apiAudience, env: options.env, client: { clientId: LOCAL_CLIENT_ID, ...localClientUris(siteUrl) } });
    mounts.push({ prefix: provider.mountPath, handle: provider.handle });
  }
  // The functions read the data directory the site was built from, written out in full: one set relative is read from where npm start was typed.
  options.env['OVERSIGHT_DATA_DIR'] = options.dataDir;
  let app = createApp({ distDir: options.distDir, mounts });
  const servers = await listenOnLoopback(port, (req, res) => app(req, res));
  return {
    url: siteUrl,
    embeddedProvider: embedded,
    serveSite(distDir) {
      app = createApp({ distDir, mounts });
    },
    close: () => closeAll(servers),
  };
}

/**
 * The machine's own addresses, IPv4 and IPv6 (`localhost` may be either), and no other: the
 * embedded sign-in lets anyone sign in as anyone in people.json without a password, so the
 * local server must not be reachable from the network. A council publishes through Netlify.
 */
const LOOPBACK_HOSTS = ['127.0.0.1', '::1'] as const;

/** Servers listening on `port` at each loopback address; a machine without IPv6 has only the first. */
async function listenOnLoopback(port: number, handler?: RequestListener): Promise<Server[]> {
  const servers: Server[] = [];
  try {
    for (const host of LOOPBACK_HOSTS) {
      const server = createServer(handler);
      const bound = await listen(server, servers.length === 0 ? port : boundPort(servers[0]!), host);
      if (bound) servers.push(server);
    }
  } catch (err) {
    await closeAll(servers);
    throw err;
  }
  return servers;
}

/** False when the address does not exist here (IPv6 switched off), which is not an error. */
function listen(server: Server, port: number, host: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (host.includes(':') && (err.code === 'EADDRNOTAVAIL' || err.code === 'EAFNOSUPPORT')) resolve(false);
      else reject(portError(err, port));
    });
    server.listen({ port, host, ipv6Only: host.includes(':') }, () => resolve(true));
  });
}

function boundPort(server: Server): number {
  return (server.address() as AddressInfo).port;
}

function closeAll(servers: readonly Server[]): Promise<void> {
  return Promise.all(servers.map((server) => new Promise<void>((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  }))).then(() => undefined);
}

/** Another program (or another npm start) is listening on the port. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(readonly port: number) {
    super(`port ${port} is already in use, perhaps by another npm start: stop that, or choose another port (PORT=${port + 1} npm start)`);
  }
}

function portError(err: Error, port: number): Error {
  return (err as NodeJS.ErrnoException).code === 'EADDRINUSE' ? new PortInUseError(port) : err;
}

/**
 * Resolves with `port` if the server could listen on it now (0: with a port that is free),
 * else rejects, with PortInUseError when it is taken. npm start asks before it builds, so a
 * port in use is said at once, not after the build.
 */
export async function checkPort(port: number): Promise<number> {
  const probes = await listenOnLoopback(port);
  const bound = boundPort(probes[0]!);
  await closeAll(probes);
  return bound;
}
