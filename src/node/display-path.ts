import { isAbsolute, join, relative, sep } from 'node:path';

/**
 * A data file as the commands print it: relative to the working directory when it is inside it
 * (`data/people.json`), else absolute (`/srv/council-data/people.json`), never `../../srv/…`.
 */
export function displayPath(dataDir: string, file: string): string {
  const full = isAbsolute(file) ? file : join(dataDir, file);
  const shown = relative(process.cwd(), full);
  if (shown === '') return file;
  return shown === '..' || shown.startsWith(`..${sep}`) || isAbsolute(shown) ? full : shown;
}
