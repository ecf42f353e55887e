import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { loadMeasuresFromDir } from '../../src/core/measures/load.ts';
import { measureList, publishMeasures, type PublishedMeasure } from '../../src/core/measures/publish.ts';
import { DIST, ROOT } from '../helpers/paths.ts';

const page = (path: string): string => readFileSync(join(DIST, path), 'utf8');
const json = <T>(path: string): T => JSON.parse(page(path)) as T;

// The unrounded figures, straight from data/measures: what must never be published as they are.
const { measures } = loadMeasuresFromDir(join(ROOT, 'data'));
const definitions = new Map(measures.definitions.map((e) => [e.definition.id, e.definition]));
const ids = [...definitions.keys()].sort();
const raw = (id: string, period: string) => measures.values.find((v) => v.measure === id && v.period === period)!;
const published = (id: string): PublishedMeasure => json<PublishedMeasure>(`api/measures/${id}.json`);

/** Every text file of the built site, as [path relative to dist, text]. */
function builtTextFiles(): [string, string][] {
  const out: [string, string][] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(html|json|csv|txt|xml|svg|css|js)$/.test(entry.name)) out.push([relative(DIST, path), readFileSync(path, 'utf8')]);
    }
  };
  walk(DIST);
  return out;
}

/** The text of every register and risk file: what people wrote, which the site publishes as it is. */
function readRegisterTexts(): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else out.push(readFileSync(path, 'utf8'));
    }
  };
  walk(join(ROOT, 'data', 'registers'));
  return out;
}

/** A number as a whole token, written plainly or with thousands commas: `1712` or `1,712`, not part of `21712`, `1712.5` or `a1712b`. */
function numberPattern(n: number): RegExp {
  const plain = String(n);
  const grouped = n.toLocaleString('en-GB');
  const alternatives = [...new Set([plain, grouped])].map((s) => s.replace(/[.,]/g, '\\$&')).join('|');
  return new RegExp(`(?<![\\w.,])(?:${alternatives})(?![\\w]|[.,]\\d)`);
}

/** Number tokens in text, with period labels (`2025-26`, `2025-26 Q1`, `2025-04`) and units (`per 100,000`) taken out first. */
function numbersIn(text: string): number[] {
  const plain = text.replace(/<[^>]+>/g, ' ').replace(/\d{4}-\d{2}(?: Q[1-4])?/g, ' ').replace(/per 100,000/g, ' ');
  return [...plain.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => Number(m[0].replace(/,/g, '')));
}

/**
 * Figures the data hold that the site must not show as they are: primary suppressions, figures
 * hidden by secondary suppression, and counts rounded under the `sac` rule.
 */
const secrets = ids.flatMap((id) =>
  published(id).values.flatMap((shown) => {
    const source = raw(id, shown.period);
    return (['value', 'numerator', 'denominator'] as const)
      .filter((field) => source[field] !== undefined && shown[field] !== source[field])
      .map((field) => ({ id, period: shown.period, field, value: source[field]! }));
  }),
);

describe('the measures JSON built from the sample data', () => {
  it('publishes one file per measure in the shape the issue fixes, with every period exactly as imported', () => {
    for (const id of ids) {
      const measure = published(id);
      expect(Object.keys(measure)).toEqual(['id', 'name', 'kind', 'unit', 'polarity', 'target', 'floor', 'frequency', 'disclosure', 'values']);
      for (const v of measure.values) expect(Object.keys(v)).toEqual(['period', 'value', 'numerator', 'denominator', 'rag', 'suppressed']);
      const imported = measures.values.filter((v) => v.measure === id).map((v) => v.period);
      expect(measure.values.map((v) => v.period).sort()).toEqual([...imported].sort());
    }
    expect(published('ASC1').values.map((v) => v.period)).toContain('2025-26 Q3');
  });

  it('is what the measures core publishes, and the list gives each measure its latest figure and RAG', () => {
    const expected = publishMeasures(measures);
    expect(ids.map(published)).toEqual(expected);
    expect(json('api/measures.json')).toEqual(measureList(expected));
    expect(json<{ id: string }[]>('api/measures.json').find((m) => m.id === 'ASC1')).toEqual({
      id: 'ASC1',
      name: 'People asked about the outcomes they wanted from their enquiry',
      kind: 'kpi',
      unit: 'percent',
      polarity: 'higher',
      target: 90,
      floor: 80,
      frequency: 'quarter',
      disclosure: 'suppress-below:5',
      period: '2026-27 Q2',
      value: 86.9,
      rag: 'amber',
      suppressed: false,
    });
  });

  it('publishes a suppressed figure as value null and suppressed true, and rounds counts under sac', () => {
    expect(raw('SAR-MET', '2023-24').value).toBe(3);
    expect(published('SAR-MET').values.find((v) => v.period === '2023-24')).toEqual({ period: '2023-24', value: null, numerator: null, denominator: null, rag: null, suppressed: true });
    expect(raw('SG-S42-DA', '2021-22').value).toBe(212);
    expect(published('SG-S42-DA').values.find((v) => v.period === '2021-22')?.value).toBe(210);
    // Percentages are computed from the unrounded figures; the counts beside them are rounded.
    expect(published('SG-CONVERSION').values.find((v) => v.period === '2025-26')).toMatchObject({ value: 22.8, numerator: 1795, denominator: 7860 });
  });

  it('never publishes a count its disclosure policy withholds, and never lets a total give away a hidden part', () => {
    for (const id of ids) {
      const d = definitions.get(id)!;
      for (const v of published(id).values) {
        const source = raw(id, v.period);
        const threshold = d.disclosure === 'sac' ? 5 : d.disclosure.startsWith('suppress-below:') ? Number(d.disclosure.split(':')[1]) : 0;
        const counts = [...(d.unit === 'count' ? [[v.value, source.value] as const] : []), [v.numerator, source.numerator] as const, [v.denominator, source.denominator] as const];
        for (const [shown, recorded] of counts) {
          if (shown === null || recorded === undefined) continue;
          expect(recorded, `${id} ${v.period}`).toBeGreaterThanOrEqual(threshold);
          expect(shown, `${id} ${v.period}`).toBe(d.disclosure === 'sac' ? Math.round(recorded / 5) * 5 : recorded);
        }
        if (v.suppressed) expect(v.value).toBeNull();
      }
    }
    // A total and its parts, period by period: exactly one hidden figure could be worked out by subtraction.
    for (const total of ids.filter((id) => ids.some((p) => definitions.get(p)!.partOf === id))) {
      const members = [total, ...ids.filter((p) => definitions.get(p)!.partOf === total)];
      for (const { period } of published(total).values) {
        const hidden = members.filter((m) => published(m).values.find((v) => v.period === period)?.suppressed === true);
        expect(hidden.length, `${total} ${period}: ${hidden.join(', ')}`).not.toBe(1);
      }
    }
  });
});

describe('the measures CSV downloads', () => {
  it('give every published figure, suppressed ones as *', () => {
    const csv = page('measures/SAR-MET.csv');
    expect(csv.startsWith('\uFEFFmeasure,period,value,numerator,denominator,rag\n')).toBe(true);
    expect(csv).toContain('\nSAR-MET,2023-24,*,,,\n');
    const rows = Papa.parse<string[]>(page('measures/SG-CONVERSION.csv').slice(1).trim()).data.slice(1);
    expect(rows).toEqual(published('SG-CONVERSION').values.map((v) => ['SG-CONVERSION', v.period, String(v.value), String(v.numerator), String(v.denominator), '']));
    expect(page('measures/ASC1.csv')).toContain('\nASC1,2026-27 Q2,86.9,');
  });
});

describe('the measures pages', () => {
  it('the dashboard gives every measure its latest figure, RAG in words and changes with arrows and words', () => {
    const html = page('measures/index.html');
    for (const entry of json<{ id: string; period: string | null; value: number | null }[]>('api/measures.json')) {
      const row = new RegExp(`<tr class="govuk-table__row" data-measure="${entry.id}">([\\s\\S]*?)</tr>`).exec(html)?.[1];
      expect(row, entry.id).toBeDefined();
      expect(row).toContain(`data-period="${entry.period}"`);
      // Astro writes an empty attribute bare: `data-value` for a suppressed figure.
      expect(row).toContain(entry.value === null ? 'data-value data-suppressed="true"' : `data-value="${entry.value}"`);
    }
    const asc1 = /data-measure="ASC1">([\s\S]*?)<\/tr>/.exec(html)![1]!;
    expect(asc1).toMatch(/>\s*86.9%\s*</);
    expect(asc1).toContain('data-rag="amber">Amber</strong>');
    expect(asc1).toContain('<span aria-hidden="true">↓</span> Down 5.4 percentage points on 2026-27 Q1 (worse)');
    expect(asc1).toContain('<span aria-hidden="true">↓</span> Down 5.6 percentage points on 2025-26 Q2 (worse)');
    const dhr = /data-measure="SAR-MET">([\s\S]*?)<\/tr>/.exec(html)![1]!;
    expect(dhr).toContain('*<span class="govuk-visually-hidden"> (suppressed to protect small numbers)</span>');
    expect(dhr).toContain('No target');
    // Reported yearly: a year earlier is the previous period, so that change is given once.
    const concerns = /data-measure="SG-CONCERNS">([\s\S]*?)<\/tr>/.exec(html)![1]!;
    expect(concerns).toMatch(/data-change="previous"><span class="app-measure-change"[^>]*><span aria-hidden="true">.<\/span> \w/);
    expect(concerns).toContain('data-change="year">Not applicable: reported yearly</td>');
    expect(asc1).not.toContain('Not applicable');
  });

  it('the dashboard has a file upload for the performance role to propose figures', () => {
    const details = /<details class="govuk-details" id="import">[\s\S]*?<\/details>/.exec(page('measures/index.html'))?.[0] ?? '';
    expect(details).toContain('<form method="post" action="/api/measures/import" enctype="multipart/form-data" novalidate>');
    expect(details).toContain('name="file" type="file"');
    expect(details).toContain('the columns measure, period, value, numerator, denominator and note');
  });

  it('a measure page has the latest figure, a trend chart over the same figures as its table, and downloads', () => {
    const html = page('measures/ASC1/index.html');
    const measure = published('ASC1');
    expect(html).toContain('<h1 class="govuk-heading-xl">People asked about the outcomes they wanted from their enquiry</h1>');
    expect(html).toMatch(/Latest, 2026-27 Q2 \(July to September 2026\):\s*<strong data-value="86.9">86.9%<\/strong>\s*<strong class="govuk-tag govuk-tag--yellow" data-rag="amber">Amber<\/strong>/);
    expect(html).toMatch(/<measure-trend-chart label="People asked about the outcomes they wanted from their enquiry" target="90" floor="80"/);
    const rows = [...html.matchAll(/<tr class="govuk-table__row" data-period="([^"]*)" data-value(?:="([^"]*)")?/g)].map((m) => ({ period: m[1], value: m[2] === undefined ? null : Number(m[2]) }));
    expect(rows).toEqual(measure.values.map((v) => ({ period: v.period, value: v.value })));
    expect(html).toContain('href="/measures/ASC1.csv" download');
    expect(html).toContain('href="/api/measures/ASC1.json"');
    expect(html).toMatch(/<script type="module" src="\/_astro\/[^"]+\.js"><\/script>/);
  });

  it('the safeguarding dashboard has concerns, DoLS, SARs and DHRs', () => {
    const html = page('safeguarding/index.html');
    for (const heading of ['Concerns and Section 42 enquiries', 'Deprivation of Liberty Safeguards', 'Safeguarding Adults Reviews', 'Domestic Homicide Reviews']) {
      expect(html).toContain(`>${heading}</h2>`);
    }
    for (const id of ['SG-CONCERNS', 'SG-S42', 'SG-S42-DA', 'SG-CONVERSION', 'SG-RISK-REDUCED', 'DOLS-APP', 'DOLS-AUTH', 'SAR-REF', 'SAR-MET', 'SAR-AWAITING', 'SAR-CONTRIB', 'DHR-PROGRESS', 'DHR-PUBLISHED']) {
      expect(html).toContain(`data-measure="${id}"`);
    }
    expect(html).not.toContain('data-measure="ASC1"');
    expect(/data-measure="SG-CONCERNS">[\s\S]*?data-value="7860"[\s\S]*?>\s*7,860\s*</.test(html)).toBe(true);
  });
});

describe('key risk indicator breaches', () => {
  it('the home page lists the risks to review with the value and period that triggered each', () => {
    const section = /<section aria-labelledby="risks-to-review"[\s\S]*?<\/section>/.exec(page('index.html'))?.[0] ?? '';
    expect([...section.matchAll(/<li data-risk="([A-Z0-9]+)"/g)].map((m) => m[1])).toEqual(['ASC0001', 'ASC0003']);
    expect(section).toContain('Safeguarding concerns received: 7,860 in 2025-26, above the threshold of 7,500');
    expect(section).toContain('Deprivation of Liberty Safeguards applications received: 1,905 in 2026-27 Q2, above the threshold of 1,800');
  });

  it('the risk page and its register page show the breach; a risk without one shows none', () => {
    expect(page('risks/ASC0003/index.html')).toMatch(/data-indicator-breaches="ASC0003"[\s\S]*?Deprivation of Liberty Safeguards applications received: 1,905 in 2026-27 Q2, above the threshold of 1,800/);
    const register = page('registers/adult-social-care/index.html');
    expect(register).toMatch(/data-indicator-breaches="adult-social-care"[\s\S]*?ASC0001: [\s\S]*?7,860 in 2025-26[\s\S]*?ASC0003: [\s\S]*?1,905 in 2026-27 Q2/);
    expect(page('risks/ASC0004/index.html')).not.toContain('data-indicator-breaches');
    expect(page('registers/corporate/index.html')).not.toContain('data-indicator-breaches');
  });
});

describe('key risk indicators on a risk page', () => {
  it('lists every indicator of the risk, breached or not, with its threshold, latest figure and result', () => {
    const table = /<table[^>]*data-indicators[\s\S]*?<\/table>/.exec(page('risks/ASC0001/index.html'))?.[0] ?? '';
    const rows = [...table.matchAll(/<tr[^>]*data-indicator="([^"]+)"[^>]*>([\s\S]*?)<\/tr>/g)].map((m) => [m[1], m[2]!.replace(/<[^>]+>/g, '|').split('|').map((c) => c.trim()).filter(Boolean)]);
    expect(rows).toEqual([
      ['SG-CONCERNS', ['Safeguarding concerns received', 'Above 7,500', '7,860 in 2025-26', 'Breached']],
      ['ASC2', ['Average working days from concern to enquiry decision', 'Above 5 days', '2 days in 2026-27 Q2', 'Within threshold']],
    ]);
    expect(table).toContain('href="/measures/ASC2/"');
  });

  it('has no indicator table on a risk without indicators', () => {
    expect(page('risks/ASC0004/index.html')).not.toContain('data-indicators');
  });
});

describe('disclosure control across the whole built site', () => {
  it('has figures to protect in the sample data, and the scan finds one when it is there', () => {
    expect(secrets.filter((s) => s.value >= 100).length).toBeGreaterThan(5);
    expect(secrets.some((s) => s.id === 'SAR-MET' && s.value === 3)).toBe(true);
    expect(numberPattern(1712).test('SG-S42 2024-25: 1,712 enquiries')).toBe(true);
    expect(numberPattern(1712).test('<td>1712</td>')).toBe(true);
    expect(numberPattern(1712).test('21712 or 1712.5 or a1712b')).toBe(false);
    expect(numbersIn('<td>2025-26 Q1</td><td>1,905</td> up 4.5 on 2024-25, 541 per 100,000')).toEqual([1905, 4.5, 541]);
  });

  it('no unrounded or suppressed figure of three or more digits appears in any built file', () => {
    const files = builtTextFiles();
    expect(files.length).toBeGreaterThan(50);
    // A number can be a secret of one measure and, by coincidence, a published figure of another
    // (1,352 is a DoLS count as well as a hidden denominator), or appear in text people wrote in a
    // risk ("fell from 212 to 168"). Those are allowed only where they are accounted for.
    const figures = (m: PublishedMeasure): number[] => m.values.flatMap((v) => [v.value, v.numerator, v.denominator]).filter((n) => n !== null);
    const everyFigure = new Set(ids.flatMap((id) => figures(published(id))));
    const registerText = [...readRegisterTexts()].join('\n');
    const accountedFor = (path: string, n: number): boolean => {
      const own = /^(?:api\/)?measures\/([A-Z0-9-]+)(?:\.json|\.csv|\/index\.html)$/.exec(path)?.[1];
      if (own !== undefined) return figures(published(own)).includes(n);
      if (path.startsWith('measures/') || path.startsWith('safeguarding/') || path.startsWith('api/measures')) return everyFigure.has(n);
      return everyFigure.has(n) || numberPattern(n).test(registerText);
    };
    const scanned = secrets.filter((s) => s.value >= 100);
    expect(scanned.map((s) => s.value)).toEqual(expect.arrayContaining([212, 1712, 1796, 1352]));
    const leaks = scanned.flatMap((s) =>
      files.filter(([path, text]) => numberPattern(s.value).test(text) && !accountedFor(path, s.value)).map(([path]) => `${s.id} ${s.period} ${s.field} ${s.value} in ${path}`),
    );
    expect(leaks).toEqual([]);
  });

  it('every figure in every measures table, on every page, is a published one', () => {
    const pages = builtTextFiles().filter(([path]) => path.endsWith('.html'));
    let checked = 0;
    let suppressedRows = 0;
    for (const [path, html] of pages) {
      // Trend tables: each row shows only its own published value, numerator and denominator.
      for (const table of html.matchAll(/data-measure-trend="([^"]+)"[\s\S]*?<\/table>/g)) {
        const measure = published(table[1]!);
        for (const row of table[0].matchAll(/<tr class="govuk-table__row" data-period="([^"]*)" data-value(?:="([^"]*)")?[^>]*>([\s\S]*?)<\/tr>/g)) {
          const v = measure.values.find((x) => x.period === row[1]);
          // A period missing between two figures has a row of its own, with no figure.
          if (v === undefined) {
            expect(row[3], `${path} ${measure.id} ${row[1]}`).toContain('Not recorded');
            continue;
          }
          expect(row[2], `${path} ${measure.id} ${row[1]}`).toBe(v.value === null ? undefined : String(v.value));
          const allowed = [v.value, v.numerator, v.denominator].filter((n) => n !== null);
          for (const n of numbersIn(row[3]!)) expect(allowed, `${path} ${measure.id} ${row[1]}`).toContain(n);
          checked += 1;
          if (v.suppressed) suppressedRows += 1;
        }
      }
      // Dashboard rows: the latest published figure, and changes between published figures only.
      for (const row of html.matchAll(/<tr class="govuk-table__row" data-measure="([^"]+)">[\s\S]*?<\/th>([\s\S]*?)<\/tr>/g)) {
        const measure = published(row[1]!);
        const latest = measure.values.at(-1)!;
        const allowed = [latest.value, ...measure.values.map((v) => (v.value === null || latest.value === null ? null : Math.round(Math.abs(latest.value - v.value) * 1000) / 1000))].filter((n) => n !== null);
        for (const n of numbersIn(row[2]!)) expect(allowed, `${path} ${measure.id}`).toContain(n);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect(suppressedRows).toBeGreaterThan(5);
  });

  it('the only secrets below 100 are withheld from every measure page, CSV and JSON of their own measure', () => {
    for (const s of secrets.filter((x) => x.value < 100)) {
      const v = published(s.id).values.find((x) => x.period === s.period)!;
      expect(v[s.field]).not.toBe(s.value);
      const csvRow = page(`measures/${s.id}.csv`).split('\n').find((line) => line.startsWith(`${s.id},${s.period},`))!;
      expect(csvRow.split(',')[2]).toBe(v.value === null ? '*' : String(v.value));
    }
  });
});
