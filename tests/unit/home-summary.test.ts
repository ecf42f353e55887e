import { describe, expect, it } from 'vitest';
import { bandChangeSentence, overdueSentence, registersSentence } from '../../src/site/view-models/home-summary.ts';

describe("the home page's sentences", () => {
  it('count registers and open risks in words, one or many or none', () => {
    expect(registersSentence(2, 15, '23 November 2026')).toBe('2 registers with 15 open risks, as at 23 November 2026.');
    expect(registersSentence(1, 1, '23 November 2026')).toBe('1 register with 1 open risk, as at 23 November 2026.');
    expect(registersSentence(1, 0, '23 November 2026')).toBe('1 register with no open risks, as at 23 November 2026.');
    expect(registersSentence(0, 0, '23 November 2026')).toBe('No registers are published yet.');
  });

  it('say what is overdue, or that nothing is', () => {
    expect(overdueSentence(2, 3)).toBe('2 reviews and 3 actions are overdue.');
    expect(overdueSentence(1, 1)).toBe('1 review and 1 action are overdue.');
    expect(overdueSentence(1, 0)).toBe('1 review and no actions are overdue.');
    expect(overdueSentence(0, 2)).toBe('No reviews and 2 actions are overdue.');
    expect(overdueSentence(0, 0)).toBe('No reviews or actions are overdue.');
  });

  it('say how many open risks changed band, agreeing the verb', () => {
    expect(bandChangeSentence(3, 'Cabinet, January 2026')).toBe('3 open risks have changed band since Cabinet, January 2026.');
    expect(bandChangeSentence(1, 'Cabinet, January 2026')).toBe('1 open risk has changed band since Cabinet, January 2026.');
    expect(bandChangeSentence(0, 'Cabinet, January 2026')).toBe('No open risks have changed band since Cabinet, January 2026.');
  });
});
