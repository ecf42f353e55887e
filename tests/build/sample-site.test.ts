import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDataDir } from '../../src/core/data/read-dir.ts';
import { checkFiles } from '../../src/core/data/validate.ts';
import { comparePlaces, newRiskFieldOrder, updateFieldOrder } from '../../src/core/proposals/form-field-names.ts';
import { heatmap } from '../../src/core/scoring/heatmap.ts';
import { DIST, DIST_WITH_RESTRICTED, ROOT, TEST_TODAY } from '../helpers/paths.ts';

const page = (path: string, dist = DIST): string => readFileSync(join(dist, path), 'utf8');
const json = (path: string, dist = DIST): unknown => JSON.parse(page(path, dist));
const { workspace } = checkFiles(readDataDir(join(ROOT, 'data')), { now: new Date(`${TEST_TODAY}T12:00:00`) });
const sampleRisks = (registerId: string) => workspace.registers.find((r) => r.register.id === registerId)!.risks.map((r) => r.risk);

interface RegisterJson {
  id: string;
  name: string;
  level: string;
  heatmap: { current: number[][]; target: number[][] };
  bands: { current: Record<string, number>; target: Record<string, number> };
  risks: { id: string; title: string; owners: { id: string; name: string }[]; status: string; current: { likelihood: number; impact: number; rating: number; band: string }; target: { rating: number; band: string } | null }[];
}

describe('the JSON API built from the sample data', () => {
  it('lists every published register, leaving out restricted ones', () => {
    expect(json('api/registers.json')).toEqual([
      { id: 'corporate', name: expect.any(String) as string, level: 'corporate' },
      { id: 'adult-social-care', name: expect.any(String) as string, level: 'directorate' },
    ]);
  });

  it('gives each register its heatmaps, band counts and risks', () => {
    const register = json('api/registers/adult-social-care.json') as RegisterJson;
    expect(Object.keys(register)).toEqual(['id', 'name', 'level', 'heatmap', 'bands', 'risks']);
    expect(Object.keys(register.risks[0]!)).toEqual(['id', 'title', 'owners', 'status', 'current', 'target', 'version', 'previous', 'direction', 'since']);
    expect(register.heatmap.current).toEqual(heatmap(sampleRisks('adult-social-care'), 'current'));
    expect(register.heatmap.target).toEqual(heatmap(sampleRisks('adult-social-care'), 'target'));
    // ASC0004 is Possible (3) × Serious (4) = 12: row 0 is likelihood 5, column 0 is impact 1.
    expect(register.heatmap.current[2]![3]).toBeGreaterThanOrEqual(1);
    expect(register.bands.current).toEqual({ Low: 1, Medium: 6, High: 2, Total: 9 });
    const sum = register.heatmap.current.flat().reduce((a, b) => a + b, 0);
    expect(sum).toBe(register.bands.current['Total']);
  });

  it('counts open risks only, but lists closed ones with their status', () => {
    const register = json('api/registers/adult-social-care.json') as RegisterJson;
    const closed = register.risks.find((r) => r.id === 'ASC0010');
    expect(closed?.status).toBe('closed');
    expect(register.risks.filter((r) => r.status === 'open')).toHaveLength(register.bands.current['Total']!);
  });

  it('names owners and rates each risk with the scheme', () => {
    const register = json('api/registers/adult-social-care.json') as RegisterJson;
    const shared = register.risks.find((r) => r.id === 'ASC0006')!;
    expect(shared.owners.map((o) => o.id)).toEqual(['david-okonjo', 'claire-dunmore']);
    expect(shared.current).toEqual({ likelihood: 3, impact: 4, rating: 12, band: 'Medium' });
    const corporate = json('api/registers/corporate.json') as RegisterJson;
    expect(corporate.risks.find((r) => r.id === 'COR0001')!.current).toEqual({ likelihood: 4, impact: 5, rating: 20, band: 'High' });
  });

  it('gives each risk its version: the git blob id of its file, for updates', () => {
    const register = json('api/registers/adult-social-care.json') as { risks: { id: string; version: string }[] };
    const file = join(ROOT, 'data/registers/adult-social-care/risks/ASC0004.json');
    const blob = execFileSync('git', ['hash-object', file], { encoding: 'utf8' }).trim();
    expect(register.risks.find((r) => r.id === 'ASC0004')?.version).toBe(blob);
  });

  it('compares each risk with the declared baseline, at which the committed sample data stood as it does now', () => {
    // data/baselines.json declares 2026-11-cabinet, the day every sample commit was made (the build dates none later).
    for (const id of ['adult-social-care', 'corporate']) {
      const register = json(`api/registers/${id}.json`) as { risks: (RegisterJson['risks'][number] & { previous: unknown; direction: string; since: string })[] };
      expect(register.risks.length).toBeGreaterThan(0);
      for (const r of register.risks) {
        expect({ id: r.id, previous: r.previous, direction: r.direction, since: r.since }).toEqual({ id: r.id, previous: r.current, direction: 'unchanged', since: '2026-11-cabinet' });
      }
    }
    const asc = json('api/registers/adult-social-care.json') as { risks: { id: string; previous: unknown }[] };
    expect(asc.risks.find((r) => r.id === 'ASC0006')?.previous).toEqual({ likelihood: 3, impact: 4, rating: 12, band: 'Medium' });
  });

  it('publishes restricted registers only when the build is told to include them', () => {
    expect(existsSync(join(DIST, 'registers/better-care-fund/index.html'))).toBe(false);
    expect(existsSync(join(DIST, 'api/registers/better-care-fund.json'))).toBe(false);
    expect(existsSync(join(DIST, 'risks/BCF0001/index.html'))).toBe(false);
    expect(page('index.html')).not.toContain('Better Care Fund Section 75');
    expect(json('api/registers.json', DIST_WITH_RESTRICTED)).toContainEqual({ id: 'better-care-fund', name: 'Better Care Fund Section 75 partnership risk register', level: 'partnership' });
    expect(existsSync(join(DIST_WITH_RESTRICTED, 'risks/BCF0001/index.html'))).toBe(true);
  });
});

describe('the pages built from the sample data', () => {
  it('home lists each register with its level summary and overdue counts', () => {
    const home = page('index.html');
    const row = /<tr class="govuk-table__row" data-register="adult-social-care">([\s\S]*?)<\/tr>/.exec(home)?.[1] ?? '';
    const numbers = [...row.matchAll(/govuk-table__cell--numeric">(\d+)</g)].map((m) => Number(m[1]));
    // Low, Medium, High, Total, overdue reviews, overdue actions
    expect(numbers).toEqual([1, 6, 2, 9, 1, 1]);
    expect(home).toMatch(/<p class="govuk-body-l">\s*2 registers with 15 open risks, as at 23 November 2026\.\s*2 reviews and 2 actions are overdue\.\s*<\/p>/);
    expect(home).toContain('<p class="govuk-body" data-band-changes="0">No open risks have changed band since Cabinet, 23 November 2026.</p>');
  });

  it('register page has both heatmaps as tables with headers and bands in words', () => {
    const html = page('registers/adult-social-care/index.html');
    // In a region a keyboard can scroll on a narrow screen, named by the caption.
    expect(html).toContain('<div class="app-table-wrap" role="region" tabindex="0" aria-labelledby="caption-current-ratings-open-risks-by-likelihood-and-impact">');
    expect(html).toContain('<caption class="govuk-table__caption govuk-table__caption--m" id="caption-current-ratings-open-risks-by-likelihood-and-impact">Current ratings: open risks by likelihood and impact</caption>');
    expect(html).toContain('Target ratings: open risks by likelihood and impact');
    expect(html.match(/<th scope="col" class="govuk-table__header">Major \(5\)<\/th>/g)).toHaveLength(2);
    expect(html).toContain('<th scope="row" class="govuk-table__header">Very likely (5)</th>');
    expect(html).toContain('<span class="app-heatmap__band">High 25</span>');
    // Each non-empty cell links to the list of its risks, which the page holds.
    expect(html).toMatch(/<a href="#current-l4-i4">1<span class="govuk-visually-hidden"> open risk with a current rating of Likely \(4\) × Serious \(4\)<\/span><\/a>/);
    expect(html).toContain('id="current-l4-i4"');
  });

  it('register page has the summary table committees read', () => {
    const html = page('registers/adult-social-care/index.html');
    for (const heading of ['Risk no.', 'Title', 'Owner(s)', 'Previous rating', 'Current rating', 'Direction of travel', 'Target rating', 'Band']) {
      expect(html).toContain(`>${heading}</th>`);
    }
    expect(html).toMatch(/data-risk="ASC0006" data-owners="David Okonjo;Claire Dunmore" data-band="Medium" data-category="Partnership"/);
    // One filter over both tables: open risks, and closed, withdrawn and moved ones.
    expect(html).toMatch(/<risk-table-filter id="risk-tables">\s*<div class="app-table-wrap"[^>]*>\s*<table class="govuk-table" id="open-risks" data-register-table="Open risks">/);
    expect(html).toMatch(/<table class="govuk-table" id="closed-risks" data-register-table="Closed, withdrawn and moved risks">[\s\S]*<\/risk-table-filter>/);
    expect(html).toMatch(/data-risk="ASC0006"[\s\S]*?data-previous>12<\/td>[\s\S]*?data-direction="unchanged"><span class="app-direction" aria-hidden="true">→<\/span> Unchanged<\/td>/);
  });

  it('register page has a form for its risk managers to propose a new risk, suggesting the next free number', () => {
    const html = page('registers/adult-social-care/index.html');
    const form = /<details class="govuk-details app-new-risk" id="new-risk">[\s\S]*?<\/details>/.exec(html)?.[0] ?? '';
    expect(form).toContain('<form method="post" action="/api/registers/adult-social-care/risks" novalidate>');
    expect(form).toContain('The next free number in this register is ASC0011.');
    expect(form).toMatch(/<input [^>]*id="new-risk-id" name="id" type="text" value="ASC0011"/);
    // Every person may own it; the ratings are offered in the scheme's words.
    expect(/<select class="govuk-select" id="new-risk-owner" name="owners">([\s\S]*?)<\/select>/.exec(form)?.[1]?.match(/<option value="[a-z-]+">/g)).toHaveLength(workspace.people.length);
    expect(form).toContain('<option value="4">Likely (4)</option>');
    expect(form).toContain('Used in this register: ');
    for (const box of ['day', 'month', 'year']) expect(form).toContain(`name="nextReview.${box}"`);
    // Each field is labelled.
    for (const [, id] of form.matchAll(/<(?:input|select|textarea) [^>]*id="([^"]+)"/g)) expect(form, id).toContain(`for="${id!}"`);
  });

  it('lists a form post\'s errors in the order of the fields on the form, for both forms', () => {
    // The order the pages lay the fields out in: the no-JavaScript error page lists errors the same way.
    const fieldsOf = (html: string, form: RegExp): string[] => {
      const names = [...(form.exec(html)?.[0] ?? '').matchAll(/<(?:input|select|textarea) [^>]*?\sname="([^"]+)"/g)].map(([, name]) => name!.replace(/\.(day|month|year)$/, ''));
      return [...new Set(names)];
    };
    const update = fieldsOf(page('risks/ASC0001/index.html'), /<form method="post" action="\/api\/risks\/ASC0001\/updates"[\s\S]*?<\/form>/);
    const newRisk = fieldsOf(page('registers/adult-social-care/index.html'), /<form method="post" action="\/api\/registers\/adult-social-care\/risks"[\s\S]*?<\/form>/);
    expect(update.length).toBeGreaterThan(20);
    expect(newRisk).toHaveLength(13);
    for (const [fields, order] of [[update, updateFieldOrder], [newRisk, newRiskFieldOrder]] as const) {
      const places = fields.map((field) => order(field));
      expect(places.every((place) => place[0] !== -1 && !place.includes(-1)), fields.join()).toBe(true);
      const sorted = [...fields].sort((a, b) => comparePlaces(order(a), order(b)));
      expect(sorted).toEqual(fields);
    }
  });

  it('register page has a file upload for its risk managers to propose an import, pointing to the register in the same format', () => {
    const html = page('registers/adult-social-care/index.html');
    const details = /<details class="govuk-details" id="import">[\s\S]*?<\/details>/.exec(html)?.[0] ?? '';
    expect(details).toContain('<form method="post" action="/api/registers/adult-social-care/import" enctype="multipart/form-data" novalidate>');
    expect(details).toContain('<input class="govuk-file-upload" id="import-file" name="file" type="file" accept=".csv,text/csv" aria-describedby="import-file-hint">');
    expect(details).toContain('href="/api/registers/adult-social-care.csv" download');
  });

  it('register page flags, in words, a risk with an overdue action as its page does', () => {
    // ASC0007's action A2 was due on 30 October 2026; the register's header counts it.
    const html = page('registers/adult-social-care/index.html');
    // As at the day the site was built (a printed copy says when it was true).
    expect(html).toContain('Overdue</dt><dd class="govuk-summary-list__value" data-overdue-summary>1 review, 1 action, as at 23 November 2026</dd>');
    const row = (id: string): string => new RegExp(`<tr class="govuk-table__row" data-risk="${id}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
    const tag = '<strong class="govuk-tag govuk-tag--red app-flag" data-overdue-actions="1">1 action overdue</strong>';
    expect(row('ASC0007')).toContain(tag);
    expect(html.split('data-overdue-actions=').length - 1).toBe(1);
    expect(page('risks/ASC0007/index.html')).toContain(tag);
  });

  it('register page links to its view as at the declared baseline, which shows the same heatmap today', () => {
    expect(page('registers/adult-social-care/index.html')).toContain('href="/registers/adult-social-care/as-at/2026-11-cabinet/"');
    const html = page('registers/adult-social-care/as-at/2026-11-cabinet/index.html');
    expect(html).toContain('This is the register as it stood at Cabinet, 23 November 2026, not as it is now.');
    const grid = heatmap(sampleRisks('adult-social-care'), 'current');
    const cells = [...html.matchAll(/<a href="#current-l(\d)-i(\d)">(\d+)</g)].map((m) => [Number(m[1]), Number(m[2]), Number(m[3])]);
    expect(cells.length).toBeGreaterThan(0);
    for (const [l, i, n] of cells) expect(grid[5 - l!]![i! - 1]).toBe(n);
    expect(cells.reduce((sum, c) => sum + c[2]!, 0)).toBe(grid.flat().reduce((a, b) => a + b, 0));
  });

  it('risk page prints every rating in words and flags overdue actions', () => {
    const html = page('risks/COR0001/index.html');
    expect(html).toContain('Likely (4) × Major (5) = 20, High');
    const overdue = page('risks/COR0003/index.html');
    expect(overdue).toMatch(/data-overdue="true"[\s\S]*?<th scope="row" class="govuk-table__header">A3<\/th>[\s\S]*?Overdue/);
    // Each overdue flag says the day it is as at, for a printed copy.
    expect(overdue).toContain('<p class="govuk-body" data-overdue-as-at>Actions marked overdue were not complete by their due date, as at 23 November 2026.</p>');
    expect(html).not.toContain('data-overdue-as-at');
    expect(page('risks/COR0004/index.html')).toMatch(/Next review<\/dt>\s*<dd class="govuk-summary-list__value">October 2026 \(overdue as at 23 November 2026\)<\/dd>/);
    expect(page('risks/ASC0006/index.html')).toContain('Risk owners');
  });

  it('explains proposals to the people who read the registers, with no developer commands', () => {
    const html = page('proposals/index.html');
    expect(html).toContain('It is sent as a proposal, and a risk manager reviews it.');
    expect(html).not.toMatch(/npm|<code>/);
  });

  it('publishes an accessibility statement', () => {
    const html = page('accessibility/index.html');
    expect(html).toContain('<title>Accessibility statement – Northmoor County Council risk registers</title>');
    expect(html).toContain('This statement applies to the Northmoor County Council risk registers');
    expect(html).toContain('WCAG');
    // How to report a problem, from oversight.json, as the regulations require.
    expect(html).toContain('href="mailto:risk.management@northmoor.example"');
    expect(html).toContain('call 01632 960 000');
  });

  it('names each page, and the service, the same way everywhere', () => {
    const SERVICE = 'Northmoor County Council risk registers';
    const text = (html: string): string => html.replace(/<[^>]+>/g, '').replace(/&#39;/g, "'").replace(/&amp;/g, '&').replace(/\s+/g, ' ').trim();
    const pages = execFileSync('find', [DIST, '-name', 'index.html'], { encoding: 'utf8' }).trim().split('\n').map((f) => f.slice(DIST.length));
    expect(pages.length).toBeGreaterThan(40);
    for (const path of pages) {
      const html = page(path);
      const h1 = text(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '');
      const title = text(/<title>([\s\S]*?)<\/title>/.exec(html)?.[1] ?? '');
      expect(title, path).toBe(h1 === SERVICE ? SERVICE : `${h1} – ${SERVICE}`);
      // The header already names the council, so the service navigation does not say it again.
      expect(html, path).toContain('<a href="/" class="app-header__name">Northmoor County Council</a>');
      expect(html, path).toContain('<a href="/" class="govuk-service-navigation__link">Risk registers</a>');
      expect(html, path).toContain('<p class="govuk-body-s">Published by Northmoor County Council with Oversight. Every change');
      // The breadcrumb to the home page calls it what the service navigation does.
      for (const crumb of html.matchAll(/<a class="govuk-breadcrumbs__link" href="\/">([^<]*)<\/a>/g)) expect(crumb[1], path).toBe('Registers');
    }
    expect(page('index.html')).toContain(`<h1 class="govuk-heading-xl">${SERVICE}</h1>`);
    expect(page('measures/ASC1/index.html')).toContain('<a class="govuk-breadcrumbs__link" href="/">Registers</a>');
  });

  it('ships no GOV.UK branding: no GDS Transport font face and no crown', () => {
    const css = readFileSync(join(DIST, '_astro', /href="\/_astro\/([^"]+\.css)"/.exec(page('index.html'))![1]!), 'utf8');
    expect(css).not.toContain('GDS Transport');
    expect(css).not.toContain('@font-face');
    expect(page('index.html')).not.toContain('govuk-logo');
  });
});

describe('the CSV download built from the sample data', () => {
  it('is the register in the import format, with a byte-order mark for Excel', () => {
    const csv = page('api/registers/adult-social-care.csv');
    expect(csv.startsWith('\uFEFFid,title,owner,current_likelihood,current_impact,target_likelihood,target_impact,last_review,next_review,status,description,cause,event,consequence,category,cabinet_member')).toBe(true);
    expect(csv).toMatch(/\nASC0006,Hospital discharge and the Better Care Fund pooled budget,David Okonjo;Claire Dunmore,3,4,2,4,2026-11-16,2027-02-16,open,/);
  });
});
