import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildNodeArgs } from '../../src/node/build-process.ts';
import { ROOT } from '../helpers/paths.ts';

const scripts = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

describe('the node flags of a build process', () => {
  // npm run build and npm start cannot import them: their scripts must say the same, or the
  // bench would time builds unlike the ones Netlify and npm start run.
  it.each([
    ['build', 'src/cli/build.ts'],
    ['start', 'src/cli/start.ts'],
  ])('are those npm run %s starts node with', (script, file) => {
    expect(scripts[script]).toBe(['node', ...buildNodeArgs(file)].join(' '));
  });
});
