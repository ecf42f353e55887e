import { defineConfig } from 'astro/config';
import { netlifyStatic } from './src/node/netlify-static.ts';

/**
 * Every page is prerendered, so the server bundle only runs during the build: Rollup's
 * tree-shaking of it (about 1 s of every build) would trim code no one downloads. The browser's
 * scripts are still tree-shaken.
 */
const serverBundleUntrimmed = {
  name: 'oversight-server-bundle-untrimmed',
  hooks: {
    'astro:build:setup': ({ vite, target }) => {
      if (target !== 'server') return;
      vite.build ??= {};
      vite.build.rollupOptions ??= {};
      vite.build.rollupOptions.treeshake = false;
    },
  },
};

// Static pages from the data directory; Netlify serves them (and, later, the functions).
export default defineConfig({
  output: 'static',
  adapter: netlifyStatic(),
  integrations: [serverBundleUntrimmed],
  trailingSlash: 'ignore',
  // Four pages in flight: each page waits on the file system several times (a directory, then
  // the file), and one at a time the build sat idle for a quarter of its rendering.
  build: { format: 'directory', inlineStylesheets: 'never', concurrency: 4 },
  // The site is read from data files at build time: no telemetry, no image service.
  devToolbar: { enabled: false },
  vite: {
    // Never inline a script into the page: the site's Content Security Policy (script-src 'self')
    // refuses inline scripts, so a small one would silently not run.
    build: { assetsInlineLimit: 0 },
    css: {
      preprocessorOptions: {
        scss: {
          // Compiled by sass-embedded (Dart Sass native, ~10x faster than the JavaScript build).
          // Its default 'modern-compiler' API is loaded with import(), whose CommonJS interop
          // under tsx (our CLI runs the build through it) yields no default export; the
          // 'modern' API loads it with require(), which works everywhere.
          api: 'modern',
          // govuk-frontend 5 still uses @import; its own deprecations are not ours to fix.
          quietDeps: true,
          silenceDeprecations: ['import', 'global-builtin', 'color-functions', 'slash-div', 'if-function'],
        },
      },
    },
  },
});
