import { describe, expect, it } from 'vitest';
import { growth, median, quantile, ratio, summarize, tally, verdict } from '../../bench/lib/stats.mjs';

describe('bench statistics', () => {
  it('takes the middle value, or the mean of the two middle values, regardless of order', () => {
    expect(median([9, 1, 5])).toBe(5);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(() => median([])).toThrow(/empty/);
  });

  it('interpolates quantiles and summarises runs', () => {
    expect(quantile([1, 2, 3, 4, 5], 0.25)).toBe(2);
    expect(quantile([10, 20], 0.5)).toBe(15);
    expect(summarize([3, 1, 4, 1, 5])).toEqual({ median: 3, mean: 2.8, min: 1, max: 5, iqr: 3, n: 5 });
  });

  it('compares with the floor as a ratio rounded to two decimals', () => {
    expect(ratio(78, 60)).toBe(1.3);
    expect(ratio(100, 30)).toBe(3.33);
    expect(ratio(null, 60)).toBeNull();
    expect(ratio(50, 0)).toBeNull();
  });

  it('meets a target at the limit and misses it above; no number is no verdict', () => {
    expect(verdict(1.3, 1.3)).toBe('met');
    expect(verdict(1.31, 1.3)).toBe('missed');
    expect(verdict(null, 1.3)).toBe('n/a');
  });

  it('calls growth linear when the largest size stays near the extrapolated line', () => {
    const linear = growth([
      { apps: 10, ms: 100 },
      { apps: 100, ms: 190 },
      { apps: 1000, ms: 1090 },
    ]);
    expect(linear.perAppMs).toEqual([
      { from: 10, to: 100, ms: 1 },
      { from: 100, to: 1000, ms: 1 },
    ]);
    expect(linear.extrapolatedMs).toBe(1090);
    expect(linear.linear).toBe(true);
  });

  it('calls quadratic growth superlinear', () => {
    // t = 80 + n²/1000: 80.1, 90, 1080
    const quadratic = growth([
      { apps: 1000, ms: 1080 },
      { apps: 10, ms: 80.1 },
      { apps: 100, ms: 90 },
    ]);
    expect(quadratic.linear).toBe(false);
  });

  it('does not judge linearity from fewer than three sizes', () => {
    expect(growth([{ apps: 10, ms: 1 }]).linear).toBeNull();
    expect(
      growth([
        { apps: 10, ms: 1 },
        { apps: 100, ms: 2 },
      ]).linear,
    ).toBeNull();
  });

  it('counts verdicts per target, ignoring rows without one', () => {
    expect(tally(['met', 'missed', 'met', 'n/a', '', undefined])).toEqual({ met: 2, missed: 1, 'n/a': 1 });
  });
});
