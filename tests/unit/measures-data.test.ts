import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { checkMeasureFiles, loadMeasuresFromDir, validateKeyRiskIndicators } from '../../src/core/measures/load.ts';
import { publishMeasures } from '../../src/core/measures/publish.ts';
import { formatProblem } from '../../src/core/problems.ts';

const DATA = fileURLToPath(new URL('../../data/', import.meta.url));

const lines = (files: Map<string, string>): string[] => checkMeasureFiles(files).problems.map((p) => formatProblem(p));

const definition = (id: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ id, name: `Measure ${id}`, kind: 'activity', unit: 'count', frequency: 'year', disclosure: 'sac', ...extra });
const HEADER = 'measure,period,value,numerator,denominator,note';

describe('the sample measures', () => {
  const { measures, problems } = loadMeasuresFromDir(DATA);

  it('load and validate without a problem', () => {
    expect(problems).toEqual([]);
    // As the test builds see it (TEST_TODAY), with every check on.
    expect(checkMeasureFiles(readDataDir(DATA), { now: new Date(2026, 10, 23) }).problems).toEqual([]);
  });

  it('cover every measure the issue lists', () => {
    const names = measures.definitions.map((e) => e.definition.name.toLowerCase());
    for (const words of [
      'safeguarding concerns',
      'section 42 enquiries started',
      'led to a section 42 enquiry',
      'domestic abuse',
      'risk was removed or reduced',
      'applications received',
      'applications authorised',
      'sar referrals that met the criteria',
      'awaiting a decision',
      'reviews the council contributes to',
      'domestic homicide reviews in progress',
      'domestic homicide reviews published',
    ]) {
      expect(names.some((n) => n.includes(words)), words).toBe(true);
    }
    expect(measures.definitions.filter((e) => e.definition.kind === 'kpi').length).toBeGreaterThanOrEqual(3);
  });

  it('hold a few years of figures, with every measure reported', () => {
    const ids = new Set(measures.values.map((v) => v.measure));
    expect([...ids].sort()).toEqual(measures.definitions.map((e) => e.definition.id).sort());
    expect(new Set(measures.values.filter((v) => v.measure === 'SG-CONCERNS').map((v) => v.period)).size).toBeGreaterThanOrEqual(3);
  });

  it('publish every count of a sac measure rounded to a multiple of 5, and none below 5', () => {
    const sac = publishMeasures(measures).filter((m) => m.disclosure === 'sac');
    expect(sac.length).toBeGreaterThan(0);
    for (const m of sac) {
      for (const v of m.values) {
        const counts = [m.unit === 'count' ? v.value : null, v.numerator, v.denominator].filter((n): n is number => n !== null);
        for (const n of counts) {
          expect(n % 5, `${m.id} ${v.period}`).toBe(0);
          expect(n, `${m.id} ${v.period}`).toBeGreaterThanOrEqual(5);
        }
      }
    }
  });

  it('exercise disclosure control: some figures are suppressed when published', () => {
    const suppressed = publishMeasures(measures).flatMap((m) => m.values.filter((v) => v.suppressed).map((v) => `${m.id} ${v.period}`));
    expect(suppressed.length).toBeGreaterThan(0);
  });
});

describe('checkMeasureFiles', () => {
  it('reports each problem with its file and field, or its file, row and column', () => {
    const files = new Map([
      ['measures/definitions/ASC1.json', definition('ASC1', { kind: 'kpi', unit: 'percent', polarity: 'higher', target: 80, floor: 90 })],
      ['measures/definitions/ASC2.json', definition('ASC9')],
      ['measures/definitions/SAR-MET.json', definition('SAR-MET', { partOf: 'SAR-REF' })],
      ['measures/definitions/BAD.json', definition('BAD', { unit: 'people', disclosure: 'round' })],
      ['measures/values/2020-21.csv', `${HEADER}\nASC1,2020-21 Q3,75,,,\nASC9,2021-22,4,,,\nSAR-MET,2020-21,-1,,,\nBAD,2020-21,1,,,\n`],
      ['measures/readme.txt', 'hello'],
    ]);
    expect(lines(files)).toEqual([
      'error: measures/definitions/BAD.json unit: must be one of: percent, count, rate_per_100k, days',
      'error: measures/definitions/BAD.json disclosure: must be none, suppress-below:N (N a whole number, e.g. suppress-below:5) or sac',
      'error: measures/values/2020-21.csv row 2, column period: "2020-21 Q3" is a quarter, but the measure is reported every year: give a financial year written as YYYY-YY, e.g. 2020-21',
      'error: measures/values/2020-21.csv row 4, column value: "-1" must be a whole number of zero or more: the measure is a count',
      'warning: measures/readme.txt: is not a file Oversight reads: measures hold definitions/<MEASURE-ID>.json and values/<YYYY-YY>.csv (one file per financial year) only',
      'error: measures/definitions/ASC2.json id: the file name does not match the measure id ASC9: rename the file to ASC9.json',
      'error: measures/definitions/ASC1.json floor: the floor (90) is better than the target (80), but higher is better: the floor must be at or below the target',
      'error: measures/definitions/SAR-MET.json partOf: no measure has the id SAR-REF: correct it or remove it',
      'error: measures/values/2020-21.csv row 3, column period: 2021-22 falls in another financial year: move the row to measures/values/2021-22.csv',
    ]);
  });

  it('reports a figure for a period that has not begun, given today', () => {
    const files = new Map([
      ['measures/definitions/T.json', definition('T', { frequency: 'quarter' })],
      ['measures/values/2026-27.csv', `${HEADER}\nT,2026-27 Q3,10,,,\nT,2026-27 Q4,12,,,\n`],
    ]);
    const problems = checkMeasureFiles(files, { now: new Date(2026, 10, 23) }).problems.map((p) => formatProblem(p));
    expect(problems).toEqual(['error: measures/values/2026-27.csv row 3, column period: 2026-27 Q4 (January to March 2027) has not begun yet: correct the period']);
    expect(lines(files)).toEqual([]);
  });

  it('reports a part larger than its total, and a figure held twice', () => {
    const files = new Map([
      ['measures/definitions/T.json', definition('T')],
      ['measures/definitions/P.json', definition('P', { partOf: 'T' })],
      ['measures/values/2020-21.csv', `${HEADER}\nT,2020-21,10,,,\nP,2020-21,12,,,\nT,2020-21,11,,,\n`],
    ]);
    expect(lines(files)).toEqual([
      'error: measures/values/2020-21.csv row 4, column period: T already has a figure for 2020-21 on row 2: keep one of them',
      "error: measures/values/2020-21.csv row 3, column value: 12 is more than T's 10 for 2020-21, of which it is a part: correct one of them",
    ]);
  });

  it('checks the key risk indicators on a risk name a measure', () => {
    const { measures } = loadMeasuresFromDir(DATA);
    const problems = validateKeyRiskIndicators('registers/x/risks/R1.json', [
      { measure: 'DOLS-APP', threshold: 1800, direction: 'above' },
      { measure: 'NOPE', threshold: 1, direction: 'below' },
    ], measures);
    expect(problems.map((p) => formatProblem(p))).toEqual([
      'error: registers/x/risks/R1.json keyRiskIndicators[1].measure: no measure has the id NOPE: correct it, or add the measure to measures/definitions',
    ]);
  });
});
