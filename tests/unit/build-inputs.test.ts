import { afterEach, describe, expect, it } from 'vitest';
import { clearBuildInputs, handedOverBuildInputs, handOverBuildInputs, type BuildInputs } from '../../src/node/build-inputs.ts';
import { loadWorkspace } from '../../src/core/data/load.ts';
import { buildHistory } from '../../src/core/history/history.ts';

function inputs(dataDir: string): BuildInputs {
  return {
    dataDir,
    now: new Date('2026-11-23T12:00:00'),
    workspace: loadWorkspace(new Map()).workspace,
    history: Promise.resolve({ history: buildHistory({ commits: [], prefix: '', blobs: new Map(), mergedCommits: new Map() }), baselines: [], problems: [] }),
  };
}

describe('what buildSite hands to the pages', () => {
  afterEach(clearBuildInputs);

  it('is given to pages building the same data directory, however its path is written', () => {
    const handed = inputs('/councils/example/data');
    handOverBuildInputs(handed);
    expect(handedOverBuildInputs('/councils/example/data/')?.workspace).toBe(handed.workspace);
    expect(handedOverBuildInputs('/councils/example/other/../data')?.now).toEqual(handed.now);
  });

  it('is not given to pages building another data directory, which read their own', () => {
    handOverBuildInputs(inputs('/councils/example/data'));
    expect(handedOverBuildInputs('/councils/other/data')).toBeUndefined();
  });

  it('is gone once the build is over', () => {
    handOverBuildInputs(inputs('/councils/example/data'));
    clearBuildInputs();
    expect(handedOverBuildInputs('/councils/example/data')).toBeUndefined();
  });
});
