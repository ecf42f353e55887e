import { describe, expect, it } from 'vitest';
import { plural, sentenceCase } from '../../src/core/words.ts';

describe('words', () => {
  it('counts in the singular only for one', () => {
    expect([0, 1, 2].map((n) => plural(n, 'risk'))).toEqual(['0 risks', '1 risk', '2 risks']);
  });

  it('starts a sentence with a capital and leaves the rest as it is', () => {
    expect(sentenceCase('in place')).toBe('In place');
    expect(sentenceCase('not NHS')).toBe('Not NHS');
    expect(sentenceCase('')).toBe('');
  });
});
