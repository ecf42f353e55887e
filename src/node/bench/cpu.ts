import { readFileSync } from 'node:fs';

/**
 * CPU time, in ms, of this process's child processes that have finished and been waited for
 * (git, the build's history reader), from /proc; 0 where there is no /proc.
 */
export function childCpuMs(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // After the name: state is field 3, so cutime (16) and cstime (17) are at 13 and 14 here.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}
