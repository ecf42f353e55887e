import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getStore, type Store } from '@netlify/blobs';
import { BlobsServer } from '@netlify/blobs/server';

export interface BlobsRuntime {
  /** What Netlify's runtime gives a function: the context @netlify/blobs reads (base64 JSON), for NETLIFY_BLOBS_CONTEXT. */
  context: string;
  /** A store on the server, opened as the test's own client. */
  store(name: string): Store;
  /** Stops the server, leaving its folder: stores opened on it can no longer reach it. */
  stop(): Promise<void>;
  close(): Promise<void>;
}

/** A real Netlify Blobs server (the one Netlify's local tools run) in a temporary folder. */
export async function startBlobsRuntime(): Promise<BlobsRuntime> {
  const directory = mkdtempSync(join(tmpdir(), 'oversight-blobs-'));
  const token = 'runtime-token';
  const siteID = 'oversight-site';
  const server = new BlobsServer({ directory, token });
  const { port } = await server.start();
  const edgeURL = `http://localhost:${port}`;
  let running = true;
  return {
    context: Buffer.from(JSON.stringify({ edgeURL, siteID, token })).toString('base64'),
    store: (name) => getStore({ name, siteID, token, edgeURL }),
    stop: async () => {
      if (running) await server.stop();
      running = false;
    },
    close: async () => {
      if (running) await server.stop();
      running = false;
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
