import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GitError, type BatchObject } from '../../src/node/git/git-process.ts';
import { CatFileStream, streamFields } from '../../src/node/git/git-streams.ts';
import { makeTestRepo } from '../helpers/git-repo.ts';

// A file far larger than one read from a pipe (64 KB), so its object arrives in many pieces.
const LARGE = randomBytes(300_000).toString('base64');
const repo = makeTestRepo({ files: { 'a.json': '{"a":1}\n', 'large.txt': LARGE, 'b.json': '{"b":2}\n' } });
afterAll(() => repo.cleanup());

const blobOf = (path: string): string => repo.git(['rev-parse', `HEAD:data/${path}`]);

/** Asks for `names` one at a time, as the history does, and returns git's answers in order. */
async function catFile(cwd: string, names: string[]): Promise<{ answers: (BatchObject | null)[]; indexes: number[]; stream: CatFileStream }> {
  const answers: (BatchObject | null)[] = [];
  const indexes: number[] = [];
  const stream = new CatFileStream(cwd, (object, index) => {
    // Copied: the content is a view into a buffer that is reused.
    answers.push(object === null ? null : { ...object, content: Buffer.from(object.content) });
    indexes.push(index);
  });
  for (const name of names) stream.request(name);
  await stream.end();
  return { answers, indexes, stream };
}

describe('CatFileStream', () => {
  it('answers every name in order, a large object whole, a missing one as null', async () => {
    const names = [blobOf('a.json'), blobOf('large.txt'), 'f'.repeat(40), blobOf('b.json'), 'HEAD^{commit}'];
    const { answers, indexes, stream } = await catFile(repo.dir, names);
    expect(indexes).toEqual([0, 1, 2, 3, 4]);
    expect(stream.received).toBe(5);
    expect(answers.map((a) => a?.content.toString('utf8').slice(0, 20) ?? null)).toEqual(['{"a":1}\n', LARGE.slice(0, 20), null, '{"b":2}\n', expect.stringMatching(/^tree [0-9a-f]{15}/)]);
    expect(answers[1]?.content.toString('utf8')).toBe(LARGE);
    expect(answers.map((a) => a?.type ?? null)).toEqual(['blob', 'blob', null, 'blob', 'commit']);
  });

  it('answers the same object asked for twice, twice', async () => {
    const { answers } = await catFile(repo.dir, [blobOf('large.txt'), blobOf('large.txt')]);
    expect(answers.map((a) => a?.content.length)).toEqual([LARGE.length, LARGE.length]);
  });

  it('starts no git when asked for nothing', async () => {
    const { answers, stream } = await catFile('/nonexistent-folder', []);
    expect(answers).toEqual([]);
    expect(stream.requested).toBe(0);
  });

  it('refuses a name that is not one line, before git reads it as two', () => {
    const stream = new CatFileStream(repo.dir, () => undefined);
    expect(() => stream.request(`${blobOf('a.json')}\nHEAD`)).toThrow(/must be one line/);
    expect(stream.requested).toBe(0);
  });

  it('rejects with git\'s own message outside a repository', async () => {
    // A folder that is not there: git cannot even start.
    await expect(catFile(join(tmpdir(), `oversight-missing-${randomBytes(6).toString('hex')}`), ['HEAD'])).rejects.toThrow(/ENOENT/);
    const error = await catFile('/', ['HEAD']).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GitError);
    expect((error as GitError).stderr).toMatch(/not a git repository/);
  });

  it('passes on an error thrown while an answer is handed on, and stops', async () => {
    const stream = new CatFileStream(repo.dir, () => {
      throw new Error('cannot use this object');
    });
    // Enough names that git is still answering when it is stopped, so its exit reports that it was.
    for (let i = 0; i < 2000; i++) stream.request(blobOf(i % 2 === 0 ? 'a.json' : 'b.json'));
    await expect(stream.end()).rejects.toThrow('cannot use this object');
    expect(stream.received).toBe(1);
  });
});

describe('streamFields', () => {
  it('hands on every NUL-separated field, the text after the last NUL as the last', async () => {
    const fields: string[] = [];
    await streamFields(repo.dir, ['ls-files', '-z'], (more) => fields.push(...more));
    expect(fields).toEqual(['README.md', 'data/a.json', 'data/b.json', 'data/large.txt', '']);
  });

  it('keeps a field whole when it is cut across reads', async () => {
    const fields: string[] = [];
    await streamFields(repo.dir, ['cat-file', 'blob', blobOf('large.txt')], (more) => fields.push(...more));
    expect(fields).toEqual([LARGE]);
  });

  it('stops git and rejects with the error the caller threw', async () => {
    const run = streamFields(repo.dir, ['cat-file', 'blob', blobOf('a.json')], () => {
      throw new Error('not what was expected');
    });
    await expect(run).rejects.toThrow('not what was expected');
  });

  it('rejects with GitError when git fails', async () => {
    const run = streamFields(repo.dir, ['log', '-z', 'no-such-branch'], () => undefined);
    await expect(run).rejects.toBeInstanceOf(GitError);
  });
});
