import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isoDay } from '../../src/core/dates.ts';
import { deepenIfShallow } from '../../src/node/history/read-history.ts';
import { gitEnv } from './git-repo.ts';

export interface PinnedHistory {
  /** The copy's data directory, to build from. */
  dataDir: string;
  cleanup(): void;
}

/**
 * A copy of a data directory in a temporary repository of its own, with the history it has in
 * the repository holding it, but no commit dated after `day` (UK): the sample site's audit
 * trail, baselines and directions of travel then stay as the tests expect whenever data/ is
 * next committed. The copy keeps every commit (merges too, so the first-parent line the build
 * reads is the same), its authors, committers and messages, and only the data directory's
 * files; its working files are the directory's as they are now, committed or not.
 */
export async function pinnedHistoryCopy(root: string, dataSubdir: string, day: string): Promise<PinnedHistory> {
  // A shallow clone would export only part of the history: complete it as the build would (or fail saying how).
  await deepenIfShallow(join(root, dataSubdir));
  const dir = mkdtempSync(join(tmpdir(), 'oversight-sample-data-'));
  const dataDir = join(dir, dataSubdir);
  try {
    const stream = git(root, ['fast-export', '--reencode=no', '--full-history', '--sparse', 'HEAD', '--', dataSubdir]);
    git(dir, ['init', '--quiet', '-b', 'main']);
    git(dir, ['fast-import', '--quiet'], pinDates(stream, lastSecondOf(day), 'refs/heads/main'));
    cpSync(join(root, dataSubdir), dataDir, { recursive: true });
    git(dir, ['reset', '--quiet']); // the index as committed, so files changed since show as uncommitted, as they would have
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return { dataDir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function git(cwd: string, args: string[], input?: Buffer): Buffer {
  const result = spawnSync('git', args, { cwd, env: gitEnv(), input, maxBuffer: 2 ** 30 });
  if (result.status !== 0) throw new Error(`git ${args[0] ?? ''} in ${cwd} failed: ${result.error?.message ?? result.stderr.toString()}`);
  return result.stdout;
}

/** The last second (since the epoch) of a calendar day in the UK, summer time or not. */
export function lastSecondOf(day: string): number {
  const [year = 0, month = 1, date = 1] = day.split('-').map(Number);
  let seconds = Date.UTC(year, month - 1, date, 23, 59, 59) / 1000;
  while (isoDay(new Date(seconds * 1000)) > day) seconds -= 3600;
  return seconds;
}

const IDENT = /^((?:author|committer|tagger) .*> )(\d+) ([+-]\d{4})$/;
const DATA = /^data (\d+)$/;
const REF = /^(commit|reset) .*$/;

/**
 * A `git fast-export` stream of one branch with every date after `latest` set to it (in
 * UTC) and the branch named `ref`: fast-export names it as HEAD did, a branch, HEAD or a commit id.
 * Commands are lines; `data <n>` is followed by n raw bytes (a message or a file), passed as they are.
 */
export function pinDates(stream: Buffer, latest: number, ref: string): Buffer {
  const out: Buffer[] = [];
  for (let at = 0; at < stream.length; ) {
    const newline = stream.indexOf(0x0a, at);
    const end = newline < 0 ? stream.length : newline;
    // latin1 maps each byte to one character and back, so names in any encoding pass unchanged.
    const line = stream.toString('latin1', at, end);
    at = end + 1;
    const ident = IDENT.exec(line);
    const data = DATA.exec(line);
    if (ident !== null) {
      const seconds = Number(ident[2]);
      out.push(Buffer.from(seconds > latest ? `${ident[1]}${latest} +0000\n` : `${line}\n`, 'latin1'));
    } else if (REF.test(line)) {
      out.push(Buffer.from(`${line.split(' ')[0]} ${ref}\n`, 'latin1'));
    } else {
      out.push(Buffer.from(`${line}\n`, 'latin1'));
      if (data !== null) {
        const length = Number(data[1]);
        out.push(stream.subarray(at, at + length));
        at += length;
      }
    }
  }
  return Buffer.concat(out);
}
