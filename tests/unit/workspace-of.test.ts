import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { findRisk } from '../../src/core/data/workspace.ts';
import type { FileVersion } from '../../src/core/git/backend.ts';
import { workspaceOf } from '../../src/core/proposals/data-checks.ts';

const FIXTURE = fileURLToPath(new URL('../fixtures/workspaces/small', import.meta.url));
const RISK_FILE = 'registers/corporate/risks/CRR0001.json';

/** The fixture's files as a git backend reads them at a commit: each with its blob id. */
function committed(edit: (risk: Record<string, unknown>) => void = () => undefined): Map<string, FileVersion> {
  const files = new Map<string, FileVersion>();
  for (const [path, content] of readDataDir(FIXTURE)) {
    let text = content;
    if (path === RISK_FILE) {
      const risk = JSON.parse(content) as Record<string, unknown>;
      edit(risk);
      text = `${JSON.stringify(risk, null, 2)}\n`;
    }
    files.set(path, { content: text, sha: createHash('sha1').update(`blob ${Buffer.byteLength(text)}\0${text}`).digest('hex') });
  }
  return files;
}

describe('workspaceOf', () => {
  it('reads the same committed files once: the same workspace again', () => {
    expect(workspaceOf(committed())).toBe(workspaceOf(committed()));
  });

  it('reads files again when any of them differs, and the workspace shows the difference', () => {
    const before = workspaceOf(committed());
    const after = workspaceOf(committed((risk) => (risk['title'] = 'A title changed since')));
    expect(after).not.toBe(before);
    expect(findRisk(after, 'CRR0001')?.risk.title).toBe('A title changed since');
    expect(findRisk(before, 'CRR0001')?.risk.title).not.toBe('A title changed since');
  });

  it('never keeps files not yet committed (no blob id): the same contents read twice are two workspaces', () => {
    const files = committed();
    files.set(RISK_FILE, { content: files.get(RISK_FILE)!.content, sha: '' });
    expect(workspaceOf(files)).not.toBe(workspaceOf(files));
  });
});
