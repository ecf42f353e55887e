import { describe, expect, it } from 'vitest';
import { checkFiles } from '../../src/core/data/validate.ts';
import { formatReport, parseWithProblems } from '../../src/core/problems.ts';
import {
  DEFAULT_SCORING_SCHEME,
  DEFAULT_SETTINGS,
  PRODUCIBLE_RATINGS,
  ScoringSchemeSchema,
  SettingsSchema,
} from '../../src/core/schemas/index.ts';

const NOW = new Date('2026-11-23T12:00:00Z');

interface BandInput {
  name: string;
  colour: string;
  min: number;
  max: number;
}

const low = (min = 1, max = 6): BandInput => ({ name: 'Low', colour: '#00703c', min, max });
const medium = (min = 8, max = 15): BandInput => ({ name: 'Medium', colour: '#ffbf47', min, max });
const high = (min = 16, max = 25): BandInput => ({ name: 'High', colour: '#d4351c', min, max });

function settingsWith(scoring: Record<string, unknown>): Record<string, unknown> {
  return { organisation: { name: 'Northmoor County Council' }, scoring };
}

function schemeWith(overrides: Record<string, unknown>): Record<string, unknown> {
  return {
    likelihood: [...DEFAULT_SCORING_SCHEME.likelihood],
    impact: [...DEFAULT_SCORING_SCHEME.impact],
    bands: [low(), medium(), high()],
    ...overrides,
  };
}

/** Parses oversight.json the way the loader does, so the file and path show. */
function settingsProblems(scoring: Record<string, unknown>): string {
  return formatReport(parseWithProblems(SettingsSchema, settingsWith(scoring), 'oversight.json').problems);
}

describe('PRODUCIBLE_RATINGS', () => {
  it('lists every product of two scores from 1 to 5, once, in order', () => {
    expect(PRODUCIBLE_RATINGS).toEqual([1, 2, 3, 4, 5, 6, 8, 9, 10, 12, 15, 16, 20, 25]);
  });
});

describe('ScoringSchemeSchema', () => {
  it('accepts the default scheme unchanged', () => {
    expect(ScoringSchemeSchema.parse(DEFAULT_SCORING_SCHEME)).toEqual(DEFAULT_SCORING_SCHEME);
    expect(parseWithProblems(SettingsSchema, settingsWith(schemeWith({})), 'oversight.json').problems).toEqual([]);
  });

  it('accepts bands that skip ratings no 5 × 5 scale can produce', () => {
    // 7, 11, 13, 14 … are never produced, so Low 1–6 then Medium 8–15 is no gap.
    const result = ScoringSchemeSchema.safeParse(schemeWith({ bands: [low(1, 7), medium(8, 14), high(15, 25)] }));
    expect(result.success).toBe(true);
  });

  it('refuses bands that leave a producible rating in no band', () => {
    const { problems } = parseWithProblems(SettingsSchema, settingsWith(schemeWith({ bands: [low(), medium(9, 15), high()] })), 'oversight.json');
    expect(problems).toEqual([
      {
        severity: 'error',
        file: 'oversight.json',
        path: 'scoring.bands',
        message: 'rating 8 is in no band: widen a band so that every rating from 1 to 25 is covered',
      },
    ]);
  });

  it('refuses bands that overlap, naming both bands', () => {
    const { problems } = parseWithProblems(SettingsSchema, settingsWith(schemeWith({ bands: [low(), medium(8, 16), high()] })), 'oversight.json');
    expect(problems).toEqual([
      {
        severity: 'error',
        file: 'oversight.json',
        path: 'scoring.bands',
        message: "rating 16 is in more than one band (Medium and High): make the bands' ranges not overlap",
      },
    ]);
  });

  it('reports each uncovered rating once', () => {
    expect(settingsProblems(schemeWith({ bands: [low(), high()] }))).toBe(
      [
        'error: oversight.json scoring.bands: rating 8 is in no band: widen a band so that every rating from 1 to 25 is covered',
        'error: oversight.json scoring.bands: rating 9 is in no band: widen a band so that every rating from 1 to 25 is covered',
        'error: oversight.json scoring.bands: rating 10 is in no band: widen a band so that every rating from 1 to 25 is covered',
        'error: oversight.json scoring.bands: rating 12 is in no band: widen a band so that every rating from 1 to 25 is covered',
        'error: oversight.json scoring.bands: rating 15 is in no band: widen a band so that every rating from 1 to 25 is covered',
        '5 errors, 0 warnings',
      ].join('\n'),
    );
  });

  it('refuses four labels', () => {
    const labels = DEFAULT_SCORING_SCHEME.likelihood.slice(0, 4);
    expect(settingsProblems(schemeWith({ likelihood: labels }))).toBe(
      ['error: oversight.json scoring.likelihood: must have exactly five labels, from score 1 to score 5', '1 error, 0 warnings'].join('\n'),
    );
    expect(settingsProblems(schemeWith({ impact: [...DEFAULT_SCORING_SCHEME.impact, 'Catastrophic'] }))).toBe(
      ['error: oversight.json scoring.impact: must have exactly five labels, from score 1 to score 5', '1 error, 0 warnings'].join('\n'),
    );
  });

  it('refuses an empty label', () => {
    expect(settingsProblems(schemeWith({ impact: ['Minor', 'Moderate', '  ', 'Serious', 'Major'] }))).toBe(
      ['error: oversight.json scoring.impact[2]: must not be empty', '1 error, 0 warnings'].join('\n'),
    );
  });

  it('refuses a colour that is not #rrggbb', () => {
    for (const colour of ['red', '#f00', '#d4351', 'd4351c', '#gg351c']) {
      expect(settingsProblems(schemeWith({ bands: [low(), { ...medium(), colour }, high()] }))).toBe(
        ['error: oversight.json scoring.bands[1].colour: must be a colour written as #rrggbb, e.g. #d4351c', '1 error, 0 warnings'].join('\n'),
      );
    }
  });

  it('accepts upper-case hex colours', () => {
    expect(ScoringSchemeSchema.safeParse(schemeWith({ bands: [low(), { ...medium(), colour: '#FFBF47' }, high()] })).success).toBe(true);
  });

  it('refuses a band whose min is greater than its max', () => {
    expect(settingsProblems(schemeWith({ bands: [low(6, 1), medium(), high()] }))).toBe(
      [
        'error: oversight.json scoring.bands[0].min: band Low starts at 6 but ends at 1: make min no greater than max',
        'error: oversight.json scoring.bands: rating 1 is in no band: widen a band so that every rating from 1 to 25 is covered',
        'error: oversight.json scoring.bands: rating 2 is in no band: widen a band so that every rating from 1 to 25 is covered',
        'error: oversight.json scoring.bands: rating 3 is in no band: widen a band so that every rating from 1 to 25 is covered',
        'error: oversight.json scoring.bands: rating 4 is in no band: widen a band so that every rating from 1 to 25 is covered',
        'error: oversight.json scoring.bands: rating 5 is in no band: widen a band so that every rating from 1 to 25 is covered',
        'error: oversight.json scoring.bands: rating 6 is in no band: widen a band so that every rating from 1 to 25 is covered',
        '7 errors, 0 warnings',
      ].join('\n'),
    );
  });

  it('refuses a band bound that is not a whole number', () => {
    expect(settingsProblems(schemeWith({ bands: [low(1, 6.5), medium(), high()] }))).toBe(
      ['error: oversight.json scoring.bands[0].max: must be a whole number from 1 to 25', '1 error, 0 warnings'].join('\n'),
    );
  });

  it('refuses a scheme with no bands, without crashing in the coverage check', () => {
    expect(settingsProblems(schemeWith({ bands: [] }))).toMatch(/^error: oversight\.json scoring\.bands: must list at least one band$/m);
    expect(settingsProblems(schemeWith({ bands: undefined }))).toBe(
      ['error: oversight.json scoring.bands: is required: add it', '1 error, 0 warnings'].join('\n'),
    );
    expect(settingsProblems(schemeWith({ bands: 'High 16-25' }))).toMatch(/^error: oversight\.json scoring\.bands: /);
  });

  it('refuses an unknown field in the scheme, naming it', () => {
    expect(settingsProblems(schemeWith({ colours: {} }))).toBe(
      ['error: oversight.json scoring: unknown field "colours": correct the name or remove it', '1 error, 0 warnings'].join('\n'),
    );
  });

  it('accepts an appetite per category', () => {
    const parsed = ScoringSchemeSchema.parse(schemeWith({ appetite: { Finance: 12 } }));
    expect(parsed.appetite).toEqual({ Finance: 12 });
  });
});

describe('the scheme in oversight.json, through checkFiles', () => {
  it('reports a bad scheme against oversight.json and falls back to the default settings', () => {
    const files = new Map([['oversight.json', JSON.stringify(settingsWith(schemeWith({ bands: [low(), medium(8, 16), high()] })))]]);
    const { workspace, problems } = checkFiles(files, { now: NOW });
    expect(formatReport(problems)).toBe(
      [
        "error: oversight.json scoring.bands: rating 16 is in more than one band (Medium and High): make the bands' ranges not overlap",
        '1 error, 0 warnings',
      ].join('\n'),
    );
    expect(workspace.settings).toEqual(DEFAULT_SETTINGS);
  });

  it('uses a valid scheme from oversight.json', () => {
    const custom = schemeWith({ bands: [low(1, 4), medium(5, 12), high(15, 25)] });
    const files = new Map([['oversight.json', JSON.stringify(settingsWith(custom))]]);
    const { workspace, problems } = checkFiles(files, { now: NOW });
    expect(problems).toEqual([]);
    expect(workspace.settings.organisation.name).toBe('Northmoor County Council');
    expect(workspace.settings.scoring.bands.map((b) => [b.min, b.max])).toEqual([
      [1, 4],
      [5, 12],
      [15, 25],
    ]);
  });

  it('defaults the scheme when oversight.json names only the organisation', () => {
    const files = new Map([['oversight.json', JSON.stringify({ organisation: { name: 'Northmoor County Council' } })]]);
    const { workspace, problems } = checkFiles(files, { now: NOW });
    expect(problems).toEqual([]);
    expect(workspace.settings.scoring).toEqual(DEFAULT_SCORING_SCHEME);
  });
});

describe('band names and ranges', () => {
  it('refuses a band called Total, which the level summary uses for the sum', () => {
    const result = parseWithProblems(ScoringSchemeSchema, schemeWith({ bands: [low(), medium(), { ...high(), name: 'Total' }] }), 'oversight.json');
    expect(result.problems).toEqual([
      { severity: 'error', file: 'oversight.json', path: 'bands[2].name', message: 'cannot be "Total", which level summaries use for the sum of all bands: choose another name' },
    ]);
  });

  it('says what a band range must be when it is out of range', () => {
    const result = parseWithProblems(ScoringSchemeSchema, schemeWith({ bands: [low(0, 6), medium(), high(16, 26)] }), 'oversight.json');
    expect(result.problems.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'bands[0].min: must be a whole number from 1 to 25',
      'bands[2].max: must be a whole number from 1 to 25',
    ]);
  });
});
