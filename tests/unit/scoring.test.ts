import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING_SCHEME, ScoringSchemeSchema, type ScoringScheme } from '../../src/core/schemas/index.ts';
import { bandFor, describeRating, isAboveAppetite, rate, textColourFor } from '../../src/core/scoring/rating.ts';

const scheme = DEFAULT_SCORING_SCHEME;

/** Expected band for every cell, written out by hand: row = likelihood 1..5, column = impact 1..5. */
const EXPECTED_BANDS: readonly (readonly string[])[] = [
  ['Low', 'Low', 'Low', 'Low', 'Low'], //           1  2  3  4  5
  ['Low', 'Low', 'Low', 'Medium', 'Medium'], //     2  4  6  8 10
  ['Low', 'Low', 'Medium', 'Medium', 'Medium'], //  3  6  9 12 15
  ['Low', 'Medium', 'Medium', 'High', 'High'], //   4  8 12 16 20
  ['Low', 'Medium', 'Medium', 'High', 'High'], //   5 10 15 20 25
];

const cells = [1, 2, 3, 4, 5].flatMap((likelihood) =>
  [1, 2, 3, 4, 5].map((impact) => ({ likelihood, impact, band: EXPECTED_BANDS[likelihood - 1]?.[impact - 1] })),
);

describe('rate with the default scheme', () => {
  it('covers all 25 cells', () => {
    expect(cells).toHaveLength(25);
  });

  it.each(cells)('likelihood $likelihood × impact $impact is $band', ({ likelihood, impact, band }) => {
    const r = rate({ likelihood, impact }, scheme);
    expect(r.rating).toBe(likelihood * impact);
    expect(r.likelihood).toBe(likelihood);
    expect(r.impact).toBe(impact);
    expect(r.band.name).toBe(band);
    // The band object is the scheme's own, so its colour comes with it.
    expect(scheme.bands).toContain(r.band);
  });

  it('puts each band boundary in the right band', () => {
    expect(bandFor(6, scheme).name).toBe('Low');
    expect(bandFor(8, scheme).name).toBe('Medium');
    expect(bandFor(15, scheme).name).toBe('Medium');
    expect(bandFor(16, scheme).name).toBe('High');
    expect(bandFor(25, scheme).name).toBe('High');
  });

  it('refuses a rating no band holds', () => {
    // 7 cannot be produced on a 5 × 5 scale, so the default scheme leaves it out.
    expect(() => bandFor(7, scheme)).toThrow('rating 7 is in no band of the scoring scheme');
  });
});

describe('describeRating', () => {
  it('prints the rating as committee papers do', () => {
    expect(describeRating(rate({ likelihood: 4, impact: 5 }, scheme), scheme)).toBe('Likely (4) × Major (5) = 20, High');
    expect(describeRating(rate({ likelihood: 1, impact: 1 }, scheme), scheme)).toBe('Very unlikely (1) × Minor (1) = 1, Low');
    expect(describeRating(rate({ likelihood: 3, impact: 4 }, scheme), scheme)).toBe('Possible (3) × Serious (4) = 12, Medium');
  });

  it("uses the scheme's own labels and band names", () => {
    const custom: ScoringScheme = ScoringSchemeSchema.parse({
      likelihood: ['Rare', 'Unlikely', 'Possible', 'Likely', 'Almost certain'],
      impact: ['Negligible', 'Minor', 'Moderate', 'Major', 'Catastrophic'],
      bands: [
        { name: 'Green', colour: '#00703c', min: 1, max: 4 },
        { name: 'Amber', colour: '#ffbf47', min: 5, max: 12 },
        { name: 'Red', colour: '#d4351c', min: 15, max: 25 },
      ],
    });
    expect(describeRating(rate({ likelihood: 5, impact: 1 }, custom), custom)).toBe('Almost certain (5) × Negligible (1) = 5, Amber');
  });
});

describe('isAboveAppetite', () => {
  const withAppetite: ScoringScheme = { ...scheme, appetite: { Finance: 12, Safeguarding: 4 } };

  it('is true only for a rating strictly above the category limit', () => {
    expect(isAboveAppetite(13, 'Finance', withAppetite)).toBe(true);
    expect(isAboveAppetite(12, 'Finance', withAppetite)).toBe(false);
    expect(isAboveAppetite(5, 'Safeguarding', withAppetite)).toBe(true);
    expect(isAboveAppetite(4, 'Safeguarding', withAppetite)).toBe(false);
  });

  it('is false when there is no limit to compare with', () => {
    expect(isAboveAppetite(25, 'Reputation', withAppetite)).toBe(false);
    expect(isAboveAppetite(25, undefined, withAppetite)).toBe(false);
    expect(isAboveAppetite(25, 'Finance', scheme)).toBe(false);
  });
});

// WCAG 2 relative luminance and contrast, computed here independently of the code under test.
function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((start) => {
    const c = parseInt(hex.slice(start, start + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

describe('textColourFor', () => {
  it('has a contrast helper that reproduces known values', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    // GOV.UK text colour on white.
    expect(contrast('#0b0c0c', '#ffffff')).toBeCloseTo(19.59, 2);
  });

  it.each(DEFAULT_SCORING_SCHEME.bands.map((b) => [b.name, b.colour] as const))(
    'gives %s (%s) text with contrast of at least 4.5:1',
    (_name, colour) => {
      expect(contrast(textColourFor(colour), colour)).toBeGreaterThanOrEqual(4.5);
    },
  );

  it('picks white on the default green and red, and black on the amber', () => {
    expect(textColourFor('#00703c')).toBe('#ffffff');
    expect(textColourFor('#ffbf47')).toBe('#0b0c0c');
    expect(textColourFor('#d4351c')).toBe('#ffffff');
  });

  it('picks black on a mid grey, where black contrasts more than white', () => {
    // #808080: about 4.96:1 with #0b0c0c but only 3.95:1 with white.
    expect(contrast('#0b0c0c', '#808080')).toBeGreaterThan(contrast('#ffffff', '#808080'));
    expect(textColourFor('#808080')).toBe('#0b0c0c');
  });

  it('always picks whichever of black and white contrasts more', () => {
    const hex = fc
      .tuple(fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 0, max: 255 }))
      .map(([r, g, b]) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`);
    fc.assert(
      fc.property(hex, (colour) => {
        const chosen = textColourFor(colour);
        const other = chosen === '#ffffff' ? '#0b0c0c' : '#ffffff';
        // Allow a hair of rounding where the two are all but equal.
        expect(contrast(chosen, colour)).toBeGreaterThanOrEqual(contrast(other, colour) - 0.01);
      }),
      { numRuns: 2000 },
    );
  });
});
