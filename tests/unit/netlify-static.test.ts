import { pathToFileURL } from 'node:url';
import type { AstroAdapter, AstroConfig, AstroIntegration } from 'astro';
import { describe, expect, it } from 'vitest';
import { netlifyStatic } from '../../src/node/netlify-static.ts';
import { ROOT } from '../helpers/paths.ts';

type ConfigDoneParams = Parameters<NonNullable<AstroIntegration['hooks']['astro:config:done']>>[0];

/** The adapter Netlify's integration sets, when Astro has made `buildOutput` of the routes. */
async function adapterSet(buildOutput: 'static' | 'server'): Promise<AstroAdapter> {
  let adapter: AstroAdapter | undefined;
  const params = {
    config: { root: pathToFileURL(`${ROOT}/`) } as unknown as AstroConfig,
    setAdapter: (a: AstroAdapter) => {
      adapter = a;
    },
    buildOutput,
  } as unknown as ConfigDoneParams;
  await netlifyStatic().hooks['astro:config:done']?.(params);
  if (adapter === undefined) throw new Error('the integration set no adapter');
  return adapter;
}

describe("Netlify's adapter for our static site", () => {
  it('is the Netlify adapter', async () => {
    expect((await adapterSet('static')).name).toBe('@astrojs/netlify');
  });

  it('declares static output when every page is prerendered, so Astro renders pages to strings, not streams', async () => {
    expect((await adapterSet('static')).adapterFeatures?.buildOutput).toBe('static');
  });

  it('leaves a build with a page rendered on demand a server build, with its SSR function', async () => {
    expect((await adapterSet('server')).adapterFeatures?.buildOutput).toBeUndefined();
  });
});
