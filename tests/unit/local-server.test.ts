import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/server/local-server.ts';
import { ROOT } from '../helpers/paths.ts';

let scratch: string;
let server: LocalServer;
let port: number;

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'oversight-local-server-'));
  server = await startLocalServer({ distDir: scratch, dataDir: join(ROOT, 'data'), port: 0, env: {}, secretsFile: join(scratch, 'secrets.json') });
  port = Number(new URL(server.url).port);
});

afterAll(async () => {
  await server?.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** The machine's addresses other than loopback: the network would reach npm start through these. */
function networkAddresses(): string[] {
  return Object.values(networkInterfaces()).flat().filter((address) => address !== undefined && !address.internal).map((address) => address!.address);
}

describe('npm start’s local server (whose embedded sign-in needs no password)', () => {
  it('answers on the machine’s own IPv4 and IPv6 addresses, which localhost may be either of', async () => {
    expect(await accepts('127.0.0.1')).toBe(true);
    expect(await accepts('::1')).toBe(true);
    // The site folder is empty: any answer shows localhost reaches it.
    expect((await fetch(`${server.url}/`)).status).toBe(404);
  });

  // 127.0.0.2 is the machine too, but only a server listening on every address accepts it.
  it('is not listening on every address', async () => {
    expect(await accepts('127.0.0.2')).toBe(false);
  });

  it('cannot be reached from the network', async () => {
    for (const address of networkAddresses()) expect(await accepts(address), address).toBe(false);
  });
});
