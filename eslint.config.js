import js from '@eslint/js';
import globals from 'globals';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['dist/', '.astro/', '.netlify/', '.oversight/', 'node_modules/', 'coverage/', '**/*.astro'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
      parserOptions: { projectService: { allowDefaultProject: ['*.js', '*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
  },
  {
    // The domain core is shared by the build, the CLI and the functions: no framework, no environment.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['astro:*', 'astro', '@netlify/*', 'lit', 'lit/*'], message: 'src/core stays framework-free.' }] }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read the environment at the edge (src/node, src/cli) and pass values in.' }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
