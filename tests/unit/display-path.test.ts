import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { displayPath } from '../../src/node/display-path.ts';

describe('how the commands show a data file', () => {
  it('relative to the working directory when the data directory is inside it', () => {
    expect(displayPath(join(process.cwd(), 'data'), 'people.json')).toBe(join('data', 'people.json'));
    expect(displayPath('data', 'registers/corporate/register.json')).toBe(join('data', 'registers', 'corporate', 'register.json'));
  });

  it('absolute when the data directory is elsewhere, not climbing out with ../', () => {
    const elsewhere = resolve(process.cwd(), '..', 'council-data');
    expect(displayPath(elsewhere, 'people.json')).toBe(join(elsewhere, 'people.json'));
    expect(displayPath('/srv/council-data', 'people.json')).toBe('/srv/council-data/people.json');
  });

  it('keeps a file given with an absolute path as it is, wherever it is', () => {
    expect(displayPath('/srv/council-data', '/tmp/import.csv')).toBe('/tmp/import.csv');
    expect(displayPath('/srv/council-data', join(process.cwd(), 'tmp.csv'))).toBe('tmp.csv');
  });
});
