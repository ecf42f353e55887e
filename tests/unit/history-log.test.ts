import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LogReader, logArgs, LOG_FORMAT, parseCommitObject, parseLog } from '../../src/core/history/log.ts';

const A = 'a'.repeat(40);
const B = 'b'.repeat(40);
const BLOB1 = '1'.repeat(40);
const BLOB2 = '2'.repeat(40);
const ZERO = '0'.repeat(40);

/** What `git log` prints with LOG_FORMAT, --raw and -z: a record separator, NUL-separated fields, then raw entries. */
function record(id: string, parents: string, message: string, raw: string[]): string {
  const header = `\x1e${id}\0${parents}\0Ann Author\0ann@example.org\x001700000000\0Cy Committer\0cy@example.org\x001700000100\0${message}`;
  return raw.length === 0 ? `${header}\0` : `${header}\0\n${raw.join('\0')}\0`;
}

describe('parseLog', () => {
  it('reads commits with additions, modifications, deletions and renames, and commits with none', () => {
    const text =
      record(B, `${A} ${'c'.repeat(40)}`, 'Merge proposal 1234: x\n\nOversight-Proposal: 1234\n', [
        `:100644 100644 ${BLOB1} ${BLOB2} R087`,
        'data/registers/a/risks/X1.json',
        'data/registers/b/risks/X1.json',
        `:100644 000000 ${BLOB2} ${ZERO} D`,
        'data/people.json',
      ]) +
      record(A, '', 'Start\n', [`:000000 100644 ${ZERO} ${BLOB1} A`, 'data/registers/a/risks/X1.json', `:000000 120000 ${ZERO} ${BLOB2} A`, 'data/link']) +
      record('d'.repeat(40), A, 'Empty\n', []);
    const commits = parseLog(text);
    expect(commits.map((c) => [c.id, c.parents, c.message])).toEqual([
      [B, [A, 'c'.repeat(40)], 'Merge proposal 1234: x\n\nOversight-Proposal: 1234\n'],
      [A, [], 'Start\n'],
      ['d'.repeat(40), [A], 'Empty\n'],
    ]);
    expect(commits[0]).toMatchObject({ author: { name: 'Ann Author', email: 'ann@example.org' }, authoredAt: 1700000000, committer: { name: 'Cy Committer', email: 'cy@example.org' }, committedAt: 1700000100 });
    expect(commits[0]?.changes).toEqual([
      { status: 'R', oldBlob: BLOB1, newBlob: BLOB2, oldPath: 'data/registers/a/risks/X1.json', newPath: 'data/registers/b/risks/X1.json', regular: true },
      { status: 'D', oldBlob: BLOB2, newBlob: null, oldPath: 'data/people.json', newPath: null, regular: true },
    ]);
    expect(commits[1]?.changes).toEqual([
      { status: 'A', oldBlob: null, newBlob: BLOB1, oldPath: null, newPath: 'data/registers/a/risks/X1.json', regular: true },
      { status: 'A', oldBlob: null, newBlob: BLOB2, oldPath: null, newPath: 'data/link', regular: false },
    ]);
    expect(commits[2]?.changes).toEqual([]);
  });

  it('reads nothing from no output', () => {
    expect(parseLog('')).toEqual([]);
  });

  it('asks git for first parents oldest first, merges as first-parent diffs, renames and the format it parses', () => {
    expect(logArgs('HEAD')).toEqual(['log', '--reverse', '--first-parent', '--diff-merges=first-parent', '-M', '--raw', '-z', '--no-abbrev', `--format=${LOG_FORMAT}`, '--end-of-options', 'HEAD']);
  });
});

describe('LogReader', () => {
  // Merges, renames, a commit with no changes, a message with line breaks and a separator in it.
  const text =
    record(A, '', 'Start\n', [`:000000 100644 ${ZERO} ${BLOB1} A`, 'data/registers/a/risks/X1.json']) +
    record('d'.repeat(40), A, 'Empty\n\nwith \x1e inside\n', []) +
    record(B, `${A} ${'c'.repeat(40)}`, 'Merge\n', [`:100644 100644 ${BLOB1} ${BLOB2} R087`, 'data/registers/a/risks/X1.json', 'data/registers/b/risks/X1.json', `:100644 000000 ${BLOB2} ${ZERO} D`, 'data/people.json']);

  it('reads the log cut anywhere between fields as parseLog reads it whole', () => {
    const fields = text.split('\0');
    const whole = parseLog(text);
    expect(whole).toHaveLength(3);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 0, max: fields.length }), { maxLength: fields.length }), (cuts) => {
        const reader = new LogReader();
        const read = [];
        let from = 0;
        for (const cut of [...cuts.sort((a, b) => a - b), fields.length]) {
          read.push(...reader.read(fields.slice(from, cut)));
          from = cut;
        }
        read.push(...reader.end());
        expect(read).toEqual(whole);
      }),
    );
  });

  it('hands on each commit once the next one starts, the last at the end', () => {
    const reader = new LogReader();
    const fields = text.split('\0');
    const secondStarts = fields.findIndex((f) => f.includes(`\x1e${'d'.repeat(40)}`));
    expect(reader.read(fields.slice(0, secondStarts))).toEqual([]);
    expect(reader.read(fields.slice(secondStarts, secondStarts + 1)).map((c) => c.id)).toEqual([A]);
    // Everything but the empty field after the final NUL: the last commit may yet have more entries.
    expect(reader.read(fields.slice(secondStarts + 1, -1)).map((c) => c.id)).toEqual(['d'.repeat(40)]);
    expect(reader.end().map((c) => [c.id, c.changes.length])).toEqual([[B, 2]]);
    expect(reader.end()).toEqual([]);
  });
});

describe('parseCommitObject', () => {
  it('reads parents, author, committer and message, skipping a signature', () => {
    const text = [
      `tree ${'e'.repeat(40)}`,
      `parent ${A}`,
      `parent ${B}`,
      'author Oversight <oversight@localhost> 1700000000 +0000',
      'committer Rita Reviewer <rita@example.org> 1700000500 +0100',
      'gpgsig -----BEGIN PGP SIGNATURE-----',
      ' abc',
      ' -----END PGP SIGNATURE-----',
      '',
      'Update ASC0001',
      '',
      'Oversight-Branch: oversight/ASC0001/x',
      '',
    ].join('\n');
    expect(parseCommitObject('f'.repeat(40), text)).toEqual({
      id: 'f'.repeat(40),
      parents: [A, B],
      author: { name: 'Oversight', email: 'oversight@localhost' },
      authoredAt: 1700000000,
      committer: { name: 'Rita Reviewer', email: 'rita@example.org' },
      committedAt: 1700000500,
      message: 'Update ASC0001\n\nOversight-Branch: oversight/ASC0001/x\n',
    });
  });
});
