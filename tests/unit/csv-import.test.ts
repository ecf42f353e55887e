import { spawnSync } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseCsvDate } from '../../src/core/csv/dates.ts';
import { formatImportSummary, planImport, slug, type ImportOptions } from '../../src/core/csv/import.ts';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { proposalLabel } from '../../src/core/git/labels.ts';
import { toJsonFile } from '../../src/core/data/serialize.ts';
import { formatProblem, type Problem } from '../../src/core/problems.ts';
import { RiskSchema } from '../../src/core/schemas/risk.ts';
import { snapshotTree } from '../helpers/snapshot.ts';
import { tempFolders } from '../helpers/temp-folders.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = join(ROOT, 'tests/fixtures/workspaces/small');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
/** 15 February 2021, in the council's zone (vitest pins TZ to Europe/London). */
const NOW = new Date(2021, 1, 15);
const HEADER = 'id,title,owner,current_likelihood,current_impact';

const fixtureFiles = readDataDir(FIXTURE);

function plan(csv: string, options: Partial<ImportOptions> = {}, files = fixtureFiles) {
  return planImport(files, csv, { csvFile: 'risks.csv', registerId: 'corporate', now: NOW, ...options });
}

const lines = (problems: readonly Problem[], severity?: Problem['severity']): string[] =>
  problems.filter((p) => severity === undefined || p.severity === severity).map((p) => formatProblem(p));

const json = (text: string | undefined): Record<string, unknown> => JSON.parse(text ?? 'null') as Record<string, unknown>;

const fixtureRisk = (id: string): Record<string, unknown> => json(fixtureFiles.get(`registers/corporate/risks/${id}.json`));

describe('parseCsvDate', () => {
  it.each([
    ['2021-01-29', '2021-01-29'],
    ['29/01/2021', '2021-01-29'],
    ['29/1/2021', '2021-01-29'],
    ['5/1/2021', '2021-01-05'],
    ['29.01.2021', '2021-01-29'],
    ['29 January 2021', '2021-01-29'],
    ['2020-12', '2020-12'],
    ['2021-4', '2021-04'],
    ['12/2020', '2020-12'],
    ['December 2020', '2020-12'],
    ['december 2020', '2020-12'],
    ['Dec 2020', '2020-12'],
    ['Sept 2020', '2020-09'],
    ['Dec-2020', '2020-12'],
    ['December-2020', '2020-12'],
    ['29-Jan-2021', '2021-01-29'],
    ['  29/02/2024 ', '2024-02-29'],
  ])('reads %j as %s', (cell, value) => {
    expect(parseCsvDate(cell)).toEqual({ ok: true, value });
  });

  it.each([
    ['31/02/2021', '"31/02/2021" is not a real date: check the day and the month'],
    ['29/02/2021', '"29/02/2021" is not a real date: check the day and the month'],
    ['2021-13-01', '"2021-13-01" is not a real date: check the day and the month'],
    ['2020-13', '"2020-13" is not a real date: check the day and the month'],
    ['32 January 2021', '"32 January 2021" is not a real date: check the day and the month'],
    ['29/01/21', '"29/01/21" has a two-digit year: write the year in full, e.g. 29/01/2021'],
    ['Dec-20', '"Dec-20" has a two-digit year: write the year in full, e.g. Dec-2020 or 29-Jan-2021 (in Excel, format the column as mmm-yyyy or dd-mmm-yyyy before saving as CSV)'],
    ['29-Jan-21', '"29-Jan-21" has a two-digit year: write the year in full, e.g. Dec-2020 or 29-Jan-2021 (in Excel, format the column as mmm-yyyy or dd-mmm-yyyy before saving as CSV)'],
    ['30-Feb-2021', '"30-Feb-2021" is not a real date: check the day and the month'],
    ['03/02/0100', '"03/02/0100" is not in the years 1900 to 2199: check the year'],
    ['December 2207', '"December 2207" is not in the years 1900 to 2199: check the year'],
    ['Dec 20', 'must be a date such as 2021-01-29 or 29/01/2021, or a month such as 2020-12 or December 2020'],
    ['Decembr 2020', 'must be a date such as 2021-01-29 or 29/01/2021, or a month such as 2020-12 or December 2020'],
    ['next week', 'must be a date such as 2021-01-29 or 29/01/2021, or a month such as 2020-12 or December 2020'],
  ])('rejects %j', (cell, message) => {
    expect(parseCsvDate(cell)).toEqual({ ok: false, message });
  });
});

describe('planImport: a new register', () => {
  const csvFile = 'tests/fixtures/csv/adult-social-care.csv';
  const text = readFileSync(join(ROOT, csvFile), 'utf8');
  const result = planImport(fixtureFiles, text, { csvFile, registerId: 'adult-social-care', now: NOW });

  it('reads a file saved by Excel, with a byte order mark', () => {
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(lines(result.problems, 'error')).toEqual([]);
  });

  it('writes the register, each risk and the new person, and nothing else', () => {
    expect([...result.writes.keys()].sort()).toEqual([
      'people.json',
      'registers/adult-social-care/register.json',
      'registers/adult-social-care/risks/ASC0001.json',
      'registers/adult-social-care/risks/ASC0002.json',
      'registers/adult-social-care/risks/ASC0003.json',
    ]);
  });

  it('creates the register unrestricted, reviewed every 3 months, named by its id, at directorate level', () => {
    expect(result.writes.get('registers/adult-social-care/register.json')).toBe(
      toJsonFile({ id: 'adult-social-care', name: 'adult-social-care', level: 'directorate', reviewCycleMonths: 3, classification: 'unrestricted' }),
    );
  });

  it('maps every column to its field, in schema order', () => {
    const content = result.writes.get('registers/adult-social-care/risks/ASC0001.json');
    expect(content).toBe(
      toJsonFile({
        id: 'ASC0001',
        title: 'Care market fragility',
        description: 'Providers leave the market.',
        causes: 'Low fees; staff shortages',
        event: 'Provider failure',
        consequences: 'People without care',
        owners: ['amina-okafor'],
        cabinetMembers: ['Cllr Jane Doe'],
        category: 'Social care',
        current: { likelihood: 4, impact: 4 },
        target: { likelihood: 3, impact: 3 },
        status: 'open',
        lastReview: '2021-01-29',
        nextReview: '2021-12',
      }),
    );
    const keys = Object.keys(json(content));
    expect(keys).toEqual(Object.keys(RiskSchema.shape).filter((k) => keys.includes(k)));
  });

  it('matches owners by email and id in any case, and adds a new person for an unknown name', () => {
    const asc2 = json(result.writes.get('registers/adult-social-care/risks/ASC0002.json'));
    expect(asc2).toMatchObject({ owners: ['david-chen', 'priya-sharma'], status: 'open', lastReview: '2021-01', nextReview: '2021-04' });
    expect(asc2).not.toHaveProperty('target');
    const asc3 = json(result.writes.get('registers/adult-social-care/risks/ASC0003.json'));
    expect(asc3).toMatchObject({
      owners: ['sam-patel-2'],
      description: 'Assessments wait\nover a year.',
      cabinetMembers: ['Cllr Jane Doe', 'Cllr Ravi Shah'],
      lastReview: '2021-01-05',
      nextReview: '2021-04',
    });
    const people = json(result.writes.get('people.json'))['people'] as { id: string }[];
    expect(people.map((p) => p.id)).toEqual(['amina-okafor', 'david-chen', 'sam-patel', 'sam-patel-2', 'priya-sharma']);
    expect(people[4]).toEqual({ id: 'priya-sharma', name: 'Priya Sharma' });
    expect(result.summary.newPeople).toEqual([{ id: 'priya-sharma', name: 'Priya Sharma' }]);
  });

  it('warns about the unknown column and the new person, but not about the register column', () => {
    expect(lines(result.problems, 'warning')).toEqual([
      `warning: ${csvFile} row 1, column Notes: is not a column Oversight reads, so it is ignored: the columns are id, title, owner, current_likelihood, current_impact, target_likelihood, target_impact, last_review, next_review, status, description, cause, event, consequence, category, cabinet_member, previous_rating`,
      `warning: ${csvFile} row 3, column owner: "Priya Sharma" is not in people.json: added as a new person with id priya-sharma; add their email address there so that they can sign in`,
    ]);
  });

  it('summarises in one line', () => {
    expect(formatImportSummary(result.summary)).toBe('Imported 3 risks into new register adult-social-care (3 new, 0 updated); 1 new person.');
  });

  it('names the new register and sets its level from the options', () => {
    const named = planImport(fixtureFiles, text, { csvFile, registerId: 'adult-social-care', name: 'Adult Social Care', level: 'operational', now: NOW });
    expect(json(named.writes.get('registers/adult-social-care/register.json'))).toEqual({
      id: 'adult-social-care',
      name: 'Adult Social Care',
      level: 'operational',
      reviewCycleMonths: 3,
      classification: 'unrestricted',
    });
  });
});

describe('planImport: row errors', () => {
  it('reports every bad row with its row number and column, and plans no writes', () => {
    const csvFile = 'tests/fixtures/csv/bad-rows.csv';
    const result = planImport(fixtureFiles, readFileSync(join(ROOT, csvFile), 'utf8'), { csvFile, registerId: 'corporate', now: NOW });
    expect(lines(result.problems, 'error')).toEqual([
      `error: ${csvFile} row 3, column owner: "Sam Patel" matches more than one person (sam-patel, sam-patel-2): use the person's id or email instead`,
      `error: ${csvFile} row 3, column current_impact: must be a whole number from 1 to 5`,
      `error: ${csvFile} row 4, column last_review: "31/02/2021" is not a real date: check the day and the month`,
    ]);
    expect(result.writes.size).toBe(0);
  });

  it('skips rows with values only in columns it ignores (a formula filled down), with one warning', () => {
    const csv = `${HEADER},score,rag\nCRR0001,Financial sustainability,David Chen,4,5,20,Red\n,,,,,0,\n,,,,,0,#N/A\n,,,,,,\n,,,,,0,\n`;
    const result = plan(csv);
    expect(lines(result.problems, 'error')).toEqual([]);
    expect(lines(result.problems, 'warning')).toContain(
      'warning: risks.csv: 3 rows (from row 3) have nothing in the columns Oversight reads, only in columns it ignores (such as a formula filled down below the last row), so they are skipped',
    );
    expect(result.summary.risks).toBe(1);
    // One such row is said as one; a row with anything Oversight reads is still checked.
    expect(lines(plan(`${HEADER},score\nCRR0001,Financial sustainability,David Chen,4,5,20\n,,,,,0\n`).problems, 'warning')).toContain(
      'warning: risks.csv: row 3 has nothing in the columns Oversight reads, only in columns it ignores (such as a formula filled down below the last row), so it is skipped',
    );
    expect(lines(plan(`${HEADER},score\nCRR0001,Financial sustainability,David Chen,4,5,20\n,,,4,,0\n`).problems, 'error')).toContain('error: risks.csv row 3, column id: is blank: every risk needs an id, e.g. CRR0002');
  });

  it('stops at a missing required column', () => {
    const result = plan('id,title,owner,current_likelihood\nCRR0001,Financial sustainability,David Chen,4\n');
    expect(lines(result.problems)).toEqual(['error: risks.csv row 1: the required column current_impact is missing: add it to the header row']);
    expect(result.writes.size).toBe(0);
  });

  it('rejects one target score without the other', () => {
    const result = plan(`${HEADER},target_likelihood,target_impact\nCRR0001,Financial sustainability,David Chen,4,5,,3\n`);
    expect(lines(result.problems, 'error')).toEqual([
      'error: risks.csv row 2, column target_likelihood: is blank but target_impact is not: give both target scores, or leave both blank for no target',
    ]);
    const header = plan(`${HEADER},target_likelihood\nCRR0001,Financial sustainability,David Chen,4,5,3\n`);
    expect(lines(header.problems, 'error')).toEqual([
      'error: risks.csv row 1: the column target_impact is missing: target_likelihood and target_impact go together, so add both or neither',
    ]);
  });

  it('rejects duplicate ids in the file and ids that belong to another register', () => {
    const csv = `${HEADER}\nASC0001,One,David Chen,1,1\nCRR0002,Two,David Chen,1,1\nASC0001,Three,David Chen,1,1\n`;
    const result = plan(csv, { registerId: 'adult-social-care' });
    expect(lines(result.problems, 'error')).toEqual([
      'error: risks.csv row 3, column id: CRR0002 belongs to register corporate: import it into that register (--register corporate) or give this risk a new id',
      'error: risks.csv row 4, column id: ASC0001 is also on row 2: give each risk its own id',
    ]);
    expect(result.writes.size).toBe(0);
  });

  it('refuses a new risk whose id an open proposal gives a risk, as its label has it, shortened when long', () => {
    const long = `ASC${'0'.repeat(60)}9`;
    const csv = `${HEADER}\nASC0099,One,David Chen,1,1\n${long},Two,David Chen,1,1\n`;
    const result = plan(csv, { registerId: 'adult-social-care', proposedIds: new Set(['ASC0099', proposalLabel(long)]) });
    expect(lines(result.problems, 'error')).toEqual([
      'error: risks.csv row 2, column id: ASC0099 is the id of a risk someone has already proposed, not yet merged: give this risk a new id',
      `error: risks.csv row 3, column id: ${long} is the id of a risk someone has already proposed, not yet merged: give this risk a new id`,
    ]);
  });

  it('checks ids, titles, owners, scores and status in every row', () => {
    const csv = [
      `${HEADER},status`,
      ',No id,David Chen,1,1,open',
      'crr9,Lower case,David Chen,1,1,open',
      'CRR0010,,David Chen,0,x,open',
      'CRR0011,No owner, ; ,1,1,Open',
      'CRR0012,Bad status,nobody@northmoor.example,1,1,archived',
      'CRR0013,Symbols only,???,3,3,CLOSED',
    ].join('\n');
    expect(lines(plan(csv).problems, 'error')).toEqual([
      'error: risks.csv row 2, column id: is blank: every risk needs an id, e.g. CRR0002',
      'error: risks.csv row 3, column id: must be a risk id of capital letters followed by digits, e.g. CRR0002 or AH0005',
      'error: risks.csv row 4, column title: is blank: every risk needs a title',
      'error: risks.csv row 4, column current_likelihood: must be a whole number from 1 to 5',
      'error: risks.csv row 4, column current_impact: must be a whole number from 1 to 5',
      'error: risks.csv row 5, column owner: is blank: name at least one risk owner, by name, email or person id',
      'error: risks.csv row 6, column owner: no person has the email nobody@northmoor.example: add them to people.json, or give their name or id',
      'error: risks.csv row 6, column status: must be one of: open, closed, withdrawn, moved',
      'error: risks.csv row 7, column owner: "???" is not a name Oversight can use: give the person\'s name, email or id',
    ]);
  });

  it('reads a score a spreadsheet wrote with decimals (4.0) as the whole number, and refuses 4.5', () => {
    const result = plan(`${HEADER},target_likelihood,target_impact,previous_rating\nCRR0010,Decimals,David Chen,4.0, 3.00 ,2.0,3,12.0\nCRR0011,Half,David Chen,4.5,3,,,\n`);
    expect(lines(result.problems, 'error')).toEqual(['error: risks.csv row 3, column current_likelihood: must be a whole number from 1 to 5']);
    const accepted = planImport(fixtureFiles, `${HEADER},target_likelihood,target_impact,previous_rating\nCRR0010,Decimals,David Chen,4.0, 3.00 ,2.0,3,12.0\n`, { csvFile: 'risks.csv', registerId: 'corporate', now: NOW });
    expect(json(accepted.writes.get('registers/corporate/risks/CRR0010.json'))).toMatchObject({ current: { likelihood: 4, impact: 3 }, target: { likelihood: 2, impact: 3 }, previousRating: 12 });
  });

  it('counts blank lines in row numbers but skips them, and reports rows with the wrong number of cells', () => {
    const csv = `${HEADER}\n\nCRR0010,Fine,David Chen,1,1\n,,,,\nCRR0011,Short,David Chen,1\nCRR0012,Long,David Chen,1,1,extra\nCRR0013,Bad,David Chen,1,9\nCRR0014,Trailing comma,David Chen,1,1,\n`;
    const result = plan(csv);
    // Row 2 is empty and row 4 only commas: skipped. Rows 3 and 8 are good (row 8's extra cell is blank, as a trailing comma leaves it).
    expect(result.summary.risks).toBe(2);
    expect(lines(result.problems, 'error')).toEqual([
      'error: risks.csv row 5: has 4 cells but the header row has 5: check for a missing comma, or a comma inside a cell that is not in double quotes',
      'error: risks.csv row 6: has 6 cells but the header row has 5: check for a missing comma, or a comma inside a cell that is not in double quotes',
      'error: risks.csv row 7, column current_impact: must be a whole number from 1 to 5',
    ]);
  });

  it('reports a double quote in the wrong place once', () => {
    const result = plan(`${HEADER}\nCRR0010,"bad "quote" here",David Chen,1,1\n`);
    expect(lines(result.problems, 'error')).toEqual(['error: risks.csv row 2: has a double quote in the wrong place: inside a quoted cell, write a double quote twice ("")']);
  });

  it('reports a quote that is never closed', () => {
    const result = plan(`${HEADER}\nCRR0010,"Unclosed,David Chen,1,1\n`);
    expect(lines(result.problems, 'error')).toEqual([
      'error: risks.csv row 2: has a cell that opens a double quote and never closes it: add the closing double quote',
    ]);
  });

  it('reports an empty file', () => {
    expect(lines(plan('').problems)).toEqual([
      'error: risks.csv row 1: has no header row: the first row must name the columns, e.g. id,title,owner,current_likelihood,current_impact',
    ]);
  });

  it('rejects bad options', () => {
    const result = plan(`${HEADER}\n`, { registerId: 'Adult Care', name: ' ', level: 'county' });
    expect(lines(result.problems)).toEqual([
      'error: risks.csv: --register "Adult Care" must be a register id in lowercase letters, digits and hyphens, e.g. adult-social-care',
      'error: risks.csv: --name must not be empty: give the register a name',
      'error: risks.csv: --level "county" must be one of corporate, directorate, partnership, project, operational',
    ]);
  });

  it('maps errors found by validating the whole workspace back to the row and column', () => {
    const csv = `${HEADER},last_review,next_review,status\nCRR0010,Future review,David Chen,2,2,2021-03-01,,open\nCRR0011,Reviews out of order,David Chen,2,2,2021-01-10,2020-12-31,open\nCRR0012,Moved,David Chen,2,2,,,moved\n`;
    expect(lines(plan(csv).problems, 'error')).toEqual([
      'error: risks.csv row 2, column last_review: the last review (2021-03-01) is in the future: correct the date',
      'error: risks.csv row 3, column next_review: the next review (2020-12-31) is before the last review (2021-01-10): correct one of them',
      "error: risks.csv row 4, column status: is moved, but the CSV has no column for the register a risk moves to, so an import cannot move it: import it with the status it had before, then edit its data file registers/corporate/risks/CRR0012.json (directly, or in a proposal) to set status to moved and movedTo to that register's id",
    ]);
  });

  it('says what to do for a status that needs a field the CSV has no column for, naming the status column', () => {
    const csv = `${HEADER},status\nCRR0012,Moved,David Chen,2,2,moved\nCRR0013,Closed,David Chen,2,2,closed\nCRR0014,Withdrawn,David Chen,2,2,Withdrawn\n`;
    const result = plan(csv);
    expect(lines(result.problems)).toEqual([
      "error: risks.csv row 2, column status: is moved, but the CSV has no column for the register a risk moves to, so an import cannot move it: import it with the status it had before, then edit its data file registers/corporate/risks/CRR0012.json (directly, or in a proposal) to set status to moved and movedTo to that register's id",
      'warning: risks.csv row 3, column status: is closed, and the CSV has no column for the reason: after importing, edit its data file registers/corporate/risks/CRR0013.json (directly, or in a proposal) to add statusReason saying why',
      'warning: risks.csv row 4, column status: is withdrawn, and the CSV has no column for the reason: after importing, edit its data file registers/corporate/risks/CRR0014.json (directly, or in a proposal) to add statusReason saying why',
    ]);
    expect(result.writes.size).toBe(0);
  });

  it('keeps where a moved risk went, and says how to reopen it', () => {
    const files = new Map(fixtureFiles);
    files.set('registers/other/register.json', toJsonFile({ id: 'other', name: 'Other register', level: 'directorate' }));
    files.set('registers/corporate/risks/CRR0002.json', toJsonFile({ ...fixtureRisk('CRR0002'), status: 'moved', movedTo: 'other' }));
    const exported = plan(`${HEADER},status\nCRR0002,${String(fixtureRisk('CRR0002')['title'])},sam-patel,3,4,moved\n`, {}, files);
    expect(lines(exported.problems, 'error')).toEqual([]);
    const reopened = plan(`${HEADER},status\nCRR0002,${String(fixtureRisk('CRR0002')['title'])},sam-patel,3,4,open\n`, {}, files);
    expect(lines(reopened.problems, 'error')).toEqual([
      "error: risks.csv row 2, column status: is open, but the risk's data file records that it moved to register other: keep the status moved, or edit its data file registers/corporate/risks/CRR0002.json (directly, or in a proposal) to remove movedTo and set the status",
    ]);
  });

  it('is blocked by errors elsewhere in the data directory', () => {
    const files = new Map(fixtureFiles);
    files.set('registers/other/risks/OTH0001.json', '{ "id": "OTH0001" ');
    const result = plan(`${HEADER}\nCRR0010,New,David Chen,1,1\n`, {}, files);
    expect(result.writes.size).toBe(0);
    expect(lines(result.problems, 'error')).toEqual([
      'error: registers/other/risks/OTH0001.json: is not valid JSON at line 1, column 19: check for a missing comma, quote or bracket there',
    ]);
  });
});

describe('planImport: owners named with a curly apostrophe', () => {
  it('matches O’Brien, as Word and Outlook write it, to O\'Brien in people.json rather than adding a second person', () => {
    const files = new Map(fixtureFiles);
    const people = json(files.get('people.json')) as { people: { id: string; name: string }[] };
    files.set('people.json', toJsonFile({ people: [...people.people, { id: 'sean-obrien', name: "Seán O'Brien" }] }));
    const result = plan(`${HEADER}\nCRR0010,Apostrophes,Seán O’Brien; seán o‘brien,2,2\n`, {}, files);
    expect(lines(result.problems, 'error')).toEqual([]);
    expect(result.summary.newPeople).toEqual([]);
    expect(json(result.writes.get('registers/corporate/risks/CRR0010.json'))['owners']).toEqual(['sean-obrien']);
  });
});

describe('planImport: cabinet members', () => {
  it('names each member once, however the cell repeats them', () => {
    const result = plan(`${HEADER},cabinet_member\nCRR0010,Members,David Chen,2,2,"Cllr Ade Ogunleye; cllr ade  ogunleye ;Cllr Peter Halloran;Cllr Ade Ogunleye"\n`);
    expect(json(result.writes.get('registers/corporate/risks/CRR0010.json'))['cabinetMembers']).toEqual(['Cllr Ade Ogunleye', 'Cllr Peter Halloran']);
  });
});

describe('planImport: a closed risk reopened', () => {
  const sample = readDataDir(join(ROOT, 'data'));
  const reimport = (status: string) =>
    plan(`${HEADER},status\nASC0010,Continuity of the community equipment service at contract end,fiona-blackwood,1,3,${status}\n`, { registerId: 'adult-social-care', now: new Date(2026, 10, 23) }, sample);
  const stored = (result: ReturnType<typeof plan>) => json(result.writes.get('registers/adult-social-care/risks/ASC0010.json'));

  it('loses the reason it was closed, which no longer says why it is as it is', () => {
    expect(json(sample.get('registers/adult-social-care/risks/ASC0010.json'))['statusReason']).toEqual(expect.stringContaining('Closed by'));
    const reopened = reimport('open');
    expect(lines(reopened.problems, 'error')).toEqual([]);
    expect(stored(reopened)).toMatchObject({ status: 'open' });
    expect(stored(reopened)).not.toHaveProperty('statusReason');
    expect(stored(reimport(''))).not.toHaveProperty('statusReason');
  });

  it('keeps the reason while the status stays as it was, and asks for a new one for a new status', () => {
    expect(reimport('Closed').writes.size).toBe(0);
    const withdrawn = reimport('withdrawn');
    expect(stored(withdrawn)).not.toHaveProperty('statusReason');
    expect(lines(withdrawn.problems, 'warning')).toContain(
      'warning: risks.csv row 2, column status: is withdrawn, and the CSV has no column for the reason: after importing, edit its data file registers/adult-social-care/risks/ASC0010.json (directly, or in a proposal) to add statusReason saying why',
    );
  });
});

describe('planImport: a broken people.json', () => {
  it('stops before matching owners against it', () => {
    const files = new Map(fixtureFiles);
    files.set('people.json', toJsonFile({ people: [{ id: 'Not An Id', name: 'X' }] }));
    const result = plan(`${HEADER}\nCRR0010,New,David Chen,1,1\n`, {}, files);
    expect(lines(result.problems)).toEqual([
      'error: people.json people[0].id: must be a person id in lowercase letters, digits and hyphens, e.g. amina-okafor',
      'error: risks.csv: cannot be imported until people.json is fixed: correct the errors listed, then import again',
    ]);
    expect(result.writes.size).toBe(0);
  });
});

describe('planImport: updating a register', () => {
  it('applies present columns, clears blank optional cells, and keeps absent columns and fields with no column', () => {
    const csv = `${HEADER},target_likelihood,target_impact,category,cabinet_member,next_review,status\nCRR0001,Financial resilience,David Chen,3,5,,,,,,\n`;
    const result = plan(csv);
    expect(lines(result.problems, 'error')).toEqual([]);
    expect([...result.writes.keys()]).toEqual(['registers/corporate/risks/CRR0001.json']);
    const expected: Record<string, unknown> = { ...fixtureRisk('CRR0001'), title: 'Financial resilience', current: { likelihood: 3, impact: 5 } };
    delete expected['target'];
    delete expected['category'];
    delete expected['cabinetMembers'];
    delete expected['nextReview'];
    expect(result.writes.get('registers/corporate/risks/CRR0001.json')).toBe(toJsonFile(RiskSchema.parse(expected)));
    // Kept: description, causes, delegates, linkedRisks, inherent, lastReview, reviewComments, controls, actions.
    expect(json(result.writes.get('registers/corporate/risks/CRR0001.json'))).toMatchObject({
      description: 'The council cannot set a balanced budget.',
      delegates: ['amina-okafor'],
      linkedRisks: ['CRR0002'],
      inherent: { likelihood: 5, impact: 5 },
      lastReview: '2021-01-29',
      controls: [{ id: 'C1' }],
      actions: [{ id: 'A1' }],
      reviewComments: [{ date: '2021-01-29' }],
      status: 'open',
    });
    expect(formatImportSummary(result.summary)).toBe('Imported 1 risk into register corporate (0 new, 1 updated).');
  });

  it('leaves unchanged risks and the register alone', () => {
    const csv = `${HEADER},status\nCRR0002,Contract failure,sam-patel;amina.okafor@northmoor.example,3,4,OPEN\nCRR0003,Legacy IT systems,Sam-Patel-2,2,3,Closed\n`;
    const result = plan(csv);
    expect(lines(result.problems)).toEqual([]);
    expect(result.writes.size).toBe(0);
    expect(formatImportSummary(result.summary)).toBe('Imported 2 risks into register corporate (0 new, 0 updated, 2 unchanged).');
  });

  it('--register beats a register column, which is ignored without a warning', () => {
    const csv = `register,${HEADER}\nsomewhere-else,CRR0010,New risk,David Chen,2,2\n`;
    const result = plan(csv);
    expect(lines(result.problems)).toEqual([]);
    expect([...result.writes.keys()]).toEqual(['registers/corporate/risks/CRR0010.json']);
  });

  it('says that a header row alone into a new register creates it with no risks, and writes only its register.json', () => {
    const result = plan(`${HEADER}\n`, { registerId: 'new-register' });
    expect(lines(result.problems)).toEqual(['warning: risks.csv: has no rows of risks under the header row: register new-register is created with no risks']);
    expect([...result.writes.keys()]).toEqual(['registers/new-register/register.json']);
    expect(formatImportSummary(result.summary)).toBe('Imported 0 risks into new register new-register (0 new, 0 updated).');
  });

  it('updates the name and level of an existing register when given', () => {
    const result = plan(`${HEADER}\n`, { name: 'Strategic Risk Register', level: 'partnership' });
    expect(json(result.writes.get('registers/corporate/register.json'))).toEqual({
      ...json(fixtureFiles.get('registers/corporate/register.json')),
      name: 'Strategic Risk Register',
      level: 'partnership',
    });
    expect(lines(result.problems)).toEqual(['warning: risks.csv: has no rows of risks under the header row: there is nothing to import']);
  });

  it('matches owners by id, email or name in any case and spacing, and adds each unknown name once', () => {
    const csv = [
      HEADER,
      'CRR0010,A,DAVID-CHEN,1,1',
      'CRR0011,B,  Amina.Okafor@Northmoor.EXAMPLE ,1,1',
      'CRR0012,C,david   CHEN; samuel.patel@northmoor.example,1,1',
      'CRR0013,D,Jo Bloggs,1,1',
      'CRR0014,E,jo bloggs;JO-BLOGGS,1,1',
      'CRR0015,F,Sam Patel!,1,1',
    ].join('\n');
    const result = plan(csv);
    const owners = (id: string): unknown => json(result.writes.get(`registers/corporate/risks/${id}.json`))['owners'];
    expect(lines(result.problems, 'error')).toEqual([]);
    expect(owners('CRR0010')).toEqual(['david-chen']);
    expect(owners('CRR0011')).toEqual(['amina-okafor']);
    expect(owners('CRR0012')).toEqual(['david-chen', 'sam-patel-2']);
    expect(owners('CRR0013')).toEqual(['jo-bloggs']);
    expect(owners('CRR0014')).toEqual(['jo-bloggs']);
    expect(owners('CRR0015')).toEqual(['sam-patel-3']);
    expect(result.summary.newPeople).toEqual([
      { id: 'jo-bloggs', name: 'Jo Bloggs' },
      { id: 'sam-patel-3', name: 'Sam Patel!' },
    ]);
    expect(lines(result.problems, 'warning')).toEqual([
      'warning: risks.csv row 5, column owner: "Jo Bloggs" is not in people.json: added as a new person with id jo-bloggs; add their email address there so that they can sign in',
      'warning: risks.csv row 7, column owner: "Sam Patel!" is not in people.json: added as a new person with id sam-patel-3; add their email address there so that they can sign in',
    ]);
    expect(formatImportSummary(result.summary)).toBe('Imported 6 risks into register corporate (6 new, 0 updated); 2 new people.');
  });

  it('refuses owners separated by commas when each part is a person, rather than inventing one person of them all', () => {
    const csv = [
      HEADER,
      'CRR0010,A,"David Chen, Amina Okafor",1,1',
      'CRR0011,B,"david-chen,amina.okafor@northmoor.example",1,1',
      'CRR0012,C,"Chen, David",1,1',
    ].join('\n');
    const result = plan(csv);
    expect(lines(result.problems)).toEqual([
      'error: risks.csv row 2, column owner: "David Chen, Amina Okafor" names 2 people separated by commas: separate several owners with ; instead, as in David Chen; Amina Okafor',
      'error: risks.csv row 3, column owner: "david-chen,amina.okafor@northmoor.example" names 2 people separated by commas: separate several owners with ; instead, as in david-chen; amina.okafor@northmoor.example',
      'warning: risks.csv row 4, column owner: "Chen, David" is not in people.json: added as a new person with id chen-david; add their email address there so that they can sign in',
    ]);
    expect(result.writes.size).toBe(0);
  });

  it('prints validation warnings for imported rows without blocking', () => {
    const csv = `${HEADER},target_likelihood,target_impact\nCRR0010,Target above current,David Chen,1,1,5,5\n`;
    const result = plan(csv);
    expect(lines(result.problems)).toEqual([
      "warning: risks.csv row 2 target: the target rating (25) is above the current rating (1): check the target, which should be no higher than today's rating",
    ]);
    expect(result.writes.size).toBe(1);
  });
});

describe('planImport: the previous_rating column', () => {
  const file = 'registers/corporate/risks/CRR0003.json';
  /** The fixture with CRR0003 already carrying a previous rating of 9. */
  const withPrevious = new Map(fixtureFiles);
  withPrevious.set(file, toJsonFile(RiskSchema.parse({ ...fixtureRisk('CRR0003'), previousRating: 9 })));
  const row = (extraHeader: string, extra: string): string => `${HEADER},status${extraHeader}\nCRR0003,Legacy IT systems,sam-patel-2,2,3,closed${extra}\n`;

  it('sets the previous rating, in schema order after target', () => {
    const result = plan(row(',previous_rating', ',12'));
    expect(lines(result.problems, 'error')).toEqual([]);
    const written = json(result.writes.get(file));
    expect(written['previousRating']).toBe(12);
    expect(Object.keys(written)).toEqual(['id', 'title', 'owners', 'current', 'target', 'previousRating', 'status', 'statusReason', 'lastReview', 'nextReview']);
  });

  it('accepts every rating the scale can produce, with spaces or leading zeros', () => {
    for (const [cell, value] of [['1', 1], [' 25 ', 25], ['020', 20], ['6', 6], ['8', 8]] as const) {
      const result = plan(row(',previous_rating', `,${cell}`));
      expect(lines(result.problems, 'error')).toEqual([]);
      expect(json(result.writes.get(file))['previousRating']).toBe(value);
    }
  });

  it('clears it for a blank cell', () => {
    const result = plan(row(',previous_rating', ','), {}, withPrevious);
    expect(lines(result.problems, 'error')).toEqual([]);
    expect(json(result.writes.get(file))).not.toHaveProperty('previousRating');
    expect(result.summary).toMatchObject({ updated: 1 });
  });

  it('leaves it as it is when the column is absent', () => {
    const unchanged = plan(row('', ''), {}, withPrevious);
    expect(lines(unchanged.problems)).toEqual([]);
    expect(unchanged.writes.size).toBe(0);
    expect(unchanged.summary).toMatchObject({ unchanged: 1 });
    const retitled = plan(`${HEADER},status\nCRR0003,Old IT systems,sam-patel-2,2,3,closed\n`, {}, withPrevious);
    expect(json(retitled.writes.get(file))).toMatchObject({ title: 'Old IT systems', previousRating: 9 });
  });

  it('reports a value the scale cannot produce with its row and column, and writes nothing', () => {
    const message = 'must be a rating the 5 × 5 scale can produce (likelihood × impact): one of 1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25';
    const csv = [`${HEADER},previous_rating`, 'CRR0010,A,David Chen,1,1,7', 'CRR0011,B,David Chen,1,1,26', 'CRR0012,C,David Chen,1,1,0', 'CRR0013,D,David Chen,1,1,high', 'CRR0014,E,David Chen,1,1,12.5', 'CRR0015,F,David Chen,1,1,-4', 'CRR0016,G,David Chen,1,1,16'].join('\n');
    const result = plan(csv);
    expect(lines(result.problems, 'error')).toEqual([2, 3, 4, 5, 6, 7].map((n) => `error: risks.csv row ${n}, column previous_rating: ${message}`));
    expect(result.writes.size).toBe(0);
  });

  it('is checked in risk files too: a rating the scale can produce, as a number', () => {
    const base = { id: 'CRR0010', title: 'T', owners: ['david-chen'], current: { likelihood: 2, impact: 2 } };
    expect(RiskSchema.parse({ ...base, previousRating: 15 }).previousRating).toBe(15);
    for (const bad of [7, 11, 26, 0, 2.5, '12']) {
      const parsed = RiskSchema.safeParse({ ...base, previousRating: bad });
      expect(parsed.success, String(bad)).toBe(false);
      expect(parsed.error?.issues.map((i) => i.path.join('.'))).toEqual(['previousRating']);
    }
  });
});

describe('slug', () => {
  it('makes person ids from names', () => {
    expect(slug("  Seán  O'Brien ")).toBe('sean-obrien');
    expect(slug('Cllr. Ann-Marie Smith')).toBe('cllr-ann-marie-smith');
  });
});

describe('npm run import (CLI)', () => {
  const folder = tempFolders('import');

  function copyFixture(): string {
    const dir = folder();
    cpSync(FIXTURE, dir, { recursive: true });
    return dir;
  }


  function run(args: string[], env: Record<string, string> = {}) {
    const result = spawnSync(TSX, ['src/cli/import.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, OVERSIGHT_DATA_DIR: '', ...env },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  it('writes nothing and exits 1 when one row of many is bad', () => {
    const dir = copyFixture();
    const before = snapshotTree(dir);
    const csv = join(folder(), 'rows.csv');
    const rows = Array.from({ length: 12 }, (_, i) => `CRR${String(100 + i).padStart(4, '0')},Risk ${i},David Chen,2,2`);
    rows[7] = 'CRR0107,Risk 7,David Chen,2,7';
    writeFileSync(csv, `${HEADER}\n${rows.join('\n')}\n`);
    const result = run([csv, '--register', 'corporate', '--data-dir', dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`error: ${csv} row 9, column current_impact: must be a whole number from 1 to 5`);
    expect(result.stderr).toContain('Nothing was written.');
    expect(snapshotTree(dir)).toEqual(before);
  }, 30_000);

  it('imports into a new register, exit 0, and writes the files', () => {
    const dir = copyFixture();
    const result = run(['tests/fixtures/csv/adult-social-care.csv', '--register', 'adult-social-care', '--name', 'Adult Social Care', '--data-dir', dir]);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('warning: tests/fixtures/csv/adult-social-care.csv row 1, column Notes: is not a column Oversight reads');
    expect(result.stdout).toContain('Imported 3 risks into new register adult-social-care (3 new, 0 updated); 1 new person.');
    const after = snapshotTree(dir);
    expect(Object.keys(after).filter((p) => p.includes('.tmp'))).toEqual([]);
    expect(json(after['registers/adult-social-care/register.json'])).toMatchObject({ name: 'Adult Social Care', level: 'directorate' });
    expect(json(after['registers/adult-social-care/risks/ASC0001.json'])).toMatchObject({ owners: ['amina-okafor'], lastReview: '2021-01-29' });
    expect(after['people.json']).toContain('"id": "priya-sharma"');
  }, 30_000);

  it('judges overdue reviews on OVERSIGHT_TODAY, as validate does, and refuses a malformed one', () => {
    const args = ['tests/fixtures/csv/adult-social-care.csv', '--register', 'adult-social-care', '--name', 'Adult Social Care'];
    const overdue = 'adult-social-care.csv row 2, column next_review: the review was due 2021-12 and is overdue';
    const before = run([...args, '--data-dir', copyFixture()], { OVERSIGHT_TODAY: '2021-02-01' });
    expect(before.status).toBe(0);
    expect(before.stdout).not.toContain(overdue);
    const after = run([...args, '--data-dir', copyFixture()], { OVERSIGHT_TODAY: '2026-11-23' });
    expect(after.status).toBe(0);
    expect(after.stdout).toContain(overdue);
    const dir = copyFixture();
    const untouched = snapshotTree(dir);
    const malformed = run([...args, '--data-dir', dir], { OVERSIGHT_TODAY: '23/11/2026' });
    expect(malformed.status).toBe(1);
    expect(malformed.stderr).toContain('error: OVERSIGHT_TODAY must be a real day written as YYYY-MM-DD, e.g. 2026-11-23, not "23/11/2026"');
    expect(malformed.stderr).toContain('Nothing was written.');
    expect(snapshotTree(dir)).toEqual(untouched);
  }, 60_000);

  it('uses OVERSIGHT_DATA_DIR when --data-dir is not given', () => {
    const dir = copyFixture();
    const result = run(['tests/fixtures/csv/missing-column.csv', '--register', 'corporate'], { OVERSIGHT_DATA_DIR: dir });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error: tests/fixtures/csv/missing-column.csv row 1: the required column current_impact is missing: add it to the header row');
  }, 30_000);

  it('exits 1 with a usage message on bad arguments', () => {
    const missing = run(['tests/fixtures/csv/bad-rows.csv']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('error: --register is required');
    expect(missing.stderr).toContain('Usage: npm run import -- FILE.csv --register ID');
    const unknown = run(['tests/fixtures/csv/bad-rows.csv', '--register', 'corporate', '--colour', 'red']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("Unknown option '--colour'");
    const level = run(['tests/fixtures/csv/bad-rows.csv', '--register', 'corporate', '--level', 'county']);
    expect(level.status).toBe(1);
    expect(level.stderr).toContain('error: --level "county" must be one of corporate, directorate, partnership, project, operational');
    const noFile = run(['--register', 'corporate']);
    expect(noFile.status).toBe(1);
    expect(noFile.stderr).toContain('error: give the CSV file to import');
  }, 30_000);

  it('exits 1 when the CSV cannot be read', () => {
    const dir = copyFixture();
    const result = run(['no-such-file.csv', '--register', 'corporate', '--data-dir', dir]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('error: cannot read no-such-file.csv');
  }, 30_000);
});
