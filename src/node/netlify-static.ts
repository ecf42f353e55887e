import netlify from '@astrojs/netlify';
import type { AstroAdapter, AstroIntegration } from 'astro';

type ConfigDone = NonNullable<AstroIntegration['hooks']['astro:config:done']>;

/**
 * Netlify's adapter, told that our output is static files when it is. Left to itself the adapter
 * makes every build a server build, even when, as here, every page is prerendered and the
 * functions are Netlify Functions of our own (functions/). Astro then renders each page as a
 * stream, which took about 15% longer to prerender than rendering it to a string, into the same
 * files. `buildOutput` is what Astro made of the routes: a page rendered on demand
 * (`prerender = false`) makes it "server", and the adapter is then left as it is.
 */
export function netlifyStatic(): AstroIntegration {
  const adapter = netlify();
  const configDone = adapter.hooks['astro:config:done'];
  if (configDone === undefined) return adapter;
  const staticOutput = (a: AstroAdapter): AstroAdapter => ({
    ...a,
    adapterFeatures: { edgeMiddleware: false, ...a.adapterFeatures, buildOutput: 'static' },
  });
  const ourConfigDone: ConfigDone = (params) =>
    configDone({ ...params, setAdapter: (a) => params.setAdapter(params.buildOutput === 'static' ? staticOutput(a) : a) });
  return { ...adapter, hooks: { ...adapter.hooks, 'astro:config:done': ourConfigDone } };
}
