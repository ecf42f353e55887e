import netlify from '@astrojs/netlify';
import { defineConfig } from 'astro/config';

// Static pages from the data directory; Netlify serves them (and, later, the functions).
export default defineConfig({
  output: 'static',
  adapter: netlify(),
  trailingSlash: 'ignore',
  build: { format: 'directory', inlineStylesheets: 'never' },
  // The site is read from data files at build time: no telemetry, no image service.
  devToolbar: { enabled: false },
  vite: {
    css: {
      preprocessorOptions: {
        scss: {
          // govuk-frontend 5 still uses @import; its own deprecations are not ours to fix.
          quietDeps: true,
          silenceDeprecations: ['import', 'global-builtin', 'color-functions', 'slash-div', 'if-function'],
        },
      },
    },
  },
});
