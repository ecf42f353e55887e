import { describe, expect, it } from 'vitest';
import type { PublishedValue } from '../../src/core/measures/publish.ts';
import { ragText } from '../../src/site/measures-data.ts';

const figure = (extra: Partial<PublishedValue>): PublishedValue => ({ period: '2020-21 Q3', value: 92.5, numerator: 37, denominator: 40, rag: 'green', suppressed: false, ...extra });
const withheld = figure({ value: null, numerator: null, denominator: null, rag: null, suppressed: true });

describe('a figure’s status in words', () => {
  it('gives the RAG of a figure judged against its target', () => {
    expect(ragText(figure({}), { target: 90 })).toBe('Green');
    expect(ragText(figure({ rag: 'amber' }), { target: 90 })).toBe('Amber');
  });

  it('says a suppressed figure of a measure with a target is withheld, not that there is no target', () => {
    expect(ragText(withheld, { target: 90 })).toBe('Withheld');
  });

  it('says No target only for a measure without one, suppressed or not', () => {
    expect(ragText(figure({ rag: null }), { target: null })).toBe('No target');
    expect(ragText(withheld, { target: null })).toBe('No target');
  });

  it('says there is no figure for a measure with a target but no figures yet', () => {
    expect(ragText(undefined, { target: 90 })).toBe('No figure');
  });
});
