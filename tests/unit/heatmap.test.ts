import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORING_SCHEME, RISK_STATUSES, RiskSchema, type Risk, type RiskStatus } from '../../src/core/schemas/index.ts';
import { bandCounts, heatmap } from '../../src/core/scoring/heatmap.ts';

const scheme = DEFAULT_SCORING_SCHEME;

let nextId = 1;
function risk(
  likelihood: number,
  impact: number,
  options: { status?: RiskStatus; target?: { likelihood: number; impact: number } } = {},
): Risk {
  return RiskSchema.parse({
    id: `CRR${String(nextId++).padStart(4, '0')}`,
    title: 'A risk',
    owners: ['amina-okafor'],
    current: { likelihood, impact },
    ...(options.target ? { target: options.target } : {}),
    ...(options.status ? { status: options.status, movedTo: options.status === 'moved' ? 'elsewhere' : undefined } : {}),
  });
}

const sum = (grid: number[][]): number => grid.flat().reduce((a, b) => a + b, 0);

describe('heatmap', () => {
  it('is five rows of five zeros with no risks', () => {
    expect(heatmap([], 'current')).toEqual([
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
    ]);
  });

  it('prints likelihood 5 in the top row and impact 1 in the first column', () => {
    const grid = heatmap(
      [
        risk(5, 1), // top left
        risk(1, 5), // bottom right
        risk(1, 1), // bottom left
        risk(5, 5), // top right
        risk(4, 2),
        risk(4, 2),
        risk(2, 3),
      ],
      'current',
    );
    expect(grid).toEqual([
      // impact 1 2 3 4 5
      [1, 0, 0, 0, 1], // likelihood 5
      [0, 2, 0, 0, 0], // likelihood 4
      [0, 0, 0, 0, 0], // likelihood 3
      [0, 0, 1, 0, 0], // likelihood 2
      [1, 0, 0, 0, 1], // likelihood 1
    ]);
  });

  it('counts only open risks', () => {
    const grid = heatmap(
      [risk(3, 3), risk(3, 3, { status: 'closed' }), risk(3, 3, { status: 'withdrawn' }), risk(3, 3, { status: 'moved' }), risk(3, 3, { status: 'open' })],
      'current',
    );
    expect(grid[2]?.[2]).toBe(2);
    expect(sum(grid)).toBe(2);
  });

  it('places risks by target for the target heatmap, skipping risks with no target', () => {
    const risks = [risk(5, 5, { target: { likelihood: 2, impact: 2 } }), risk(4, 4), risk(3, 5, { target: { likelihood: 1, impact: 4 } })];
    const grid = heatmap(risks, 'target');
    expect(grid).toEqual([
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 1, 0, 0, 0],
      [0, 0, 0, 1, 0],
    ]);
    // The current heatmap still counts all three.
    expect(sum(heatmap(risks, 'current'))).toBe(3);
  });

  it('leaves closed risks out of the target heatmap too', () => {
    expect(sum(heatmap([risk(5, 5, { status: 'closed', target: { likelihood: 2, impact: 2 } })], 'target'))).toBe(0);
  });
});

describe('bandCounts', () => {
  it('has a key for each band in scheme order, then Total', () => {
    expect(Object.keys(bandCounts([], 'current', scheme))).toEqual(['Low', 'Medium', 'High', 'Total']);
    expect(bandCounts([], 'current', scheme)).toEqual({ Low: 0, Medium: 0, High: 0, Total: 0 });
  });

  it('counts open risks by the band of their rating', () => {
    const risks = [
      risk(2, 3), // 6 Low
      risk(2, 4), // 8 Medium
      risk(3, 5), // 15 Medium
      risk(4, 4), // 16 High
      risk(5, 5), // 25 High
      risk(5, 5, { status: 'closed' }),
      risk(1, 1, { status: 'withdrawn' }),
    ];
    expect(bandCounts(risks, 'current', scheme)).toEqual({ Low: 1, Medium: 2, High: 2, Total: 5 });
  });

  it('counts targets, leaving out risks with no target', () => {
    const risks = [risk(5, 5, { target: { likelihood: 1, impact: 2 } }), risk(5, 5, { target: { likelihood: 4, impact: 3 } }), risk(5, 5)];
    expect(bandCounts(risks, 'target', scheme)).toEqual({ Low: 1, Medium: 1, High: 0, Total: 2 });
  });
});

describe('heatmap and bandCounts agree (property)', () => {
  const score = fc.integer({ min: 1, max: 5 });
  const rating = fc.record({ likelihood: score, impact: score });
  const arbitraryRisk = fc
    .record({ current: rating, target: fc.option(rating, { nil: undefined }), status: fc.constantFrom(...RISK_STATUSES) })
    .map(({ current, target, status }) =>
      risk(current.likelihood, current.impact, target === undefined ? { status } : { status, target }),
    );

  it('sums to the number of open risks, for current and target', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRisk, { maxLength: 60 }), (risks) => {
        const open = risks.filter((r) => r.status === 'open');
        const openWithTarget = open.filter((r) => r.target !== undefined);

        expect(sum(heatmap(risks, 'current'))).toBe(open.length);
        expect(bandCounts(risks, 'current', scheme).Total).toBe(open.length);
        expect(sum(heatmap(risks, 'target'))).toBe(openWithTarget.length);
        expect(bandCounts(risks, 'target', scheme).Total).toBe(openWithTarget.length);

        const counts = bandCounts(risks, 'current', scheme);
        expect((counts['Low'] ?? 0) + (counts['Medium'] ?? 0) + (counts['High'] ?? 0)).toBe(counts.Total);
      }),
    );
  });

  it('puts each open risk in the cell of its likelihood and impact', () => {
    fc.assert(
      fc.property(fc.array(arbitraryRisk, { maxLength: 40 }), (risks) => {
        const grid = heatmap(risks, 'current');
        for (let likelihood = 1; likelihood <= 5; likelihood++) {
          for (let impact = 1; impact <= 5; impact++) {
            const expected = risks.filter((r) => r.status === 'open' && r.current.likelihood === likelihood && r.current.impact === impact).length;
            expect(grid[5 - likelihood]?.[impact - 1]).toBe(expected);
          }
        }
      }),
    );
  });
});
