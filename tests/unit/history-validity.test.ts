import { describe, expect, it } from 'vitest';
import { classifyPath } from '../../src/core/data/paths.ts';
import { IncrementalValidator } from '../../src/core/history/validity.ts';

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
const risk = (id: string, extra: object = {}): string => json({ id, title: `Risk ${id}`, owners: ['amina'], current: { likelihood: 2, impact: 2 }, ...extra });
const people = (...ids: string[]): string => json({ people: ids.map((id) => ({ id, name: id })) });
const register = (id: string): string => json({ id, name: id, level: 'corporate' });
const NOW = new Date('2026-03-01T12:00:00Z');

const lines = (problems: { file: string; path?: string; message: string }[]): string[] => problems.map((p) => `${p.file} ${p.path ?? ''}: ${p.message}`);

describe('IncrementalValidator', () => {
  it('checks what each commit changed, and the risks whose links a deletion broke', () => {
    const v = new IncrementalValidator();
    expect(
      v.apply(
        new Map([
          ['people.json', people('amina', 'ben')],
          ['registers/a/register.json', register('a')],
          ['registers/a/risks/A1.json', risk('A1', { linkedRisks: ['A2'] })],
          ['registers/a/risks/A2.json', risk('A2')],
          ['registers/a/risks/A3.json', risk('A3')],
        ]),
        NOW,
      ),
    ).toEqual([]);
    expect(lines(v.apply(new Map([['registers/a/risks/A2.json', null]]), NOW))).toEqual(['registers/a/risks/A1.json linkedRisks[0]: no risk has the id A2: correct the id or remove the link']);
    expect(v.apply(new Map([['registers/a/risks/A2.json', risk('A2')]]), NOW)).toEqual([]);
    // An unchanged risk linking to one outside the commit is not reported missing.
    expect(v.apply(new Map([['registers/a/risks/A1.json', risk('A1', { linkedRisks: ['A2', 'A3'], title: 'Renamed' })]]), NOW)).toEqual([]);
  });

  it('finds an id used in two registers, a missing register file and a file named unlike its id', () => {
    const v = new IncrementalValidator();
    v.apply(new Map([['people.json', people('amina')], ['registers/a/register.json', register('a')], ['registers/b/register.json', register('b')], ['registers/a/risks/A1.json', risk('A1')]]), NOW);
    expect(lines(v.apply(new Map([['registers/b/risks/A1.json', risk('A1')]]), NOW))).toEqual(['registers/b/risks/A1.json id: risk id A1 is used by more than one file: give one of them a new id']);
    expect(lines(v.apply(new Map([['registers/c/risks/C1.json', risk('C1')]]), NOW))).toEqual(['registers/c/risks/C1.json : register "c" has no register.json: create it with an id, name and level']);
    expect(lines(v.apply(new Map([['registers/a/risks/A9.json', risk('A8')]]), NOW))).toEqual(['registers/a/risks/A9.json id: the file name does not match the risk id A8: rename the file to A8.json']);
  });

  it('checks everything when people or a register change, and only the changed risks otherwise', () => {
    const v = new IncrementalValidator();
    v.apply(new Map([['people.json', people('amina')], ['registers/a/register.json', register('a')], ['registers/a/risks/A1.json', risk('A1')], ['registers/a/risks/A2.json', risk('A2')]]), NOW);
    expect(lines(v.apply(new Map([['people.json', people('ben')]]), NOW))).toEqual([
      'registers/a/risks/A1.json owners[0]: no person has the id "amina": add them to people.json or correct the id',
      'registers/a/risks/A2.json owners[0]: no person has the id "amina": add them to people.json or correct the id',
    ]);
    // A later commit is judged on what it changed: A2 now names a real owner.
    expect(v.apply(new Map([['registers/a/risks/A2.json', risk('A2', { owners: ['ben'] })]]), NOW)).toEqual([]);
  });

  it('judges a commit that changes only risks on those risks, not on a register an earlier commit broke', () => {
    const v = new IncrementalValidator();
    const brokenRegister = json({ id: 'a', name: 'a', level: 'corporate', owner: 'nobody' });
    expect(lines(v.apply(new Map([['people.json', people('amina')], ['registers/a/register.json', brokenRegister], ['registers/a/risks/A1.json', risk('A1')]]), NOW))).toEqual([
      'registers/a/register.json owner: no person has the id "nobody": add them to people.json or correct the id',
    ]);
    expect(v.apply(new Map([['registers/a/risks/A1.json', risk('A1', { title: 'Renamed' })]]), NOW)).toEqual([]);
    // The changed risk is still checked against its register: a moved risk must name another one.
    expect(lines(v.apply(new Map([['registers/a/risks/A1.json', risk('A1', { status: 'moved', movedTo: 'a' })]]), NOW))).toEqual([
      'registers/a/risks/A1.json movedTo: movedTo names the register the risk is already in: name the register it moved to',
    ]);
  });

  it('reports a file that is not JSON, a schema error, and a date in the future as at the commit', () => {
    const v = new IncrementalValidator();
    v.apply(new Map([['people.json', people('amina')], ['registers/a/register.json', register('a')]]), NOW);
    expect(v.apply(new Map([['registers/a/risks/A1.json', '{ "id": ']]), NOW).map((p) => p.file)).toEqual(['registers/a/risks/A1.json']);
    expect(lines(v.apply(new Map([['registers/a/risks/A1.json', risk('A1', { current: { likelihood: 7, impact: 2 } })]]), NOW))).toEqual([
      'registers/a/risks/A1.json current.likelihood: must be a whole number from 1 to 5',
    ]);
    expect(lines(v.apply(new Map([['registers/a/risks/A1.json', risk('A1', { lastReview: '2026-04-01' })]]), NOW))).toEqual([
      'registers/a/risks/A1.json lastReview: the last review (2026-04-01) is in the future: correct the date',
    ]);
    expect(v.apply(new Map([['registers/a/risks/A1.json', risk('A1', { lastReview: '2026-04-01' })]]), new Date('2026-04-02T12:00:00Z'))).toEqual([]);
  });
});

describe('classifyPath', () => {
  it('tells risk files, register files and top-level files apart', () => {
    expect(classifyPath('registers/a/risks/A1.json')).toEqual({ kind: 'risk', registerId: 'a', riskId: 'A1' });
    expect(classifyPath('registers/a/register.json')).toEqual({ kind: 'register', registerId: 'a' });
    expect(classifyPath('people.json')).toEqual({ kind: 'top' });
    expect(classifyPath('registers/a/notes.txt')).toEqual({ kind: 'other' });
    expect(classifyPath('registers/a/risks/.A1.json')).toEqual({ kind: 'other' });
  });
});
