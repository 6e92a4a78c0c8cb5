/**
 * Pure numbers of the benchmark: medians, spreads, ratios to the floor, the
 * targets of issue 8 and the verdict on how `check` grows with workspace size.
 * No I/O here, so test/bench can check it exactly.
 */

/** Median of a non-empty list (mean of the two middle values for even lengths). */
export function median(values) {
  if (values.length === 0) throw new Error('median of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Linear-interpolated quantile, q in [0, 1]. */
export function quantile(values, q) {
  if (values.length === 0) throw new Error('quantile of an empty list');
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Median, mean, min, max and interquartile range of the measured runs (warm-ups
 * already dropped). The mean is there for CPU time, which the kernel reports in
 * 10 ms steps: a median of such steps is a step, a mean of many runs is finer.
 */
export function summarize(values) {
  return {
    median: median(values),
    mean: values.reduce((sum, v) => sum + v, 0) / values.length,
    min: Math.min(...values),
    max: Math.max(...values),
    iqr: quantile(values, 0.75) - quantile(values, 0.25),
    n: values.length,
  };
}

/** value / floor, rounded to two decimals; null when either is missing. */
export function ratio(value, floor) {
  if (value == null || floor == null || floor <= 0) return null;
  return Math.round((value / floor) * 100) / 100;
}

/** The targets of issue 8, as data. `maxRatio` compares with the bare `node -e 0` floor. */
export const TARGETS = {
  startup: { maxRatio: 1.3, label: '≤1.3× floor' },
  check: { maxRatio: 1.5, label: '≤1.5× floor' },
  add: { maxRatio: 2, label: '≤2× floor' },
  monorepo: { maxMs: 2000, atApps: 1000, label: 'linear; 1000 apps < 2 s' },
  rss: { maxRatio: 1.5, label: '≤1.5× floor RSS' },
  installs: { maxProcesses: 2, label: '≤2 package-manager processes' },
  'long-file': { maxMs: 500, lines: 40000, label: '< 500 ms' },
};

/** 'met' | 'missed' for a ratio against a maximum; 'n/a' when the case did not produce a number. */
export function verdict(value, max) {
  if (value == null) return 'n/a';
  return value <= max ? 'met' : 'missed';
}

/**
 * How check's time grows with the number of workspace apps. points: [{ apps, ms }]
 * sorted by apps, at least two. The growth is called linear when the last point
 * is no slower than 1.5× the straight line through the first two (extrapolated),
 * with the slope never taken below zero.
 */
export function growth(points) {
  if (points.length < 2) return { perAppMs: [], linear: null };
  const sorted = [...points].sort((a, b) => a.apps - b.apps);
  const perAppMs = [];
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1];
    const b = sorted[i];
    perAppMs.push({ from: a.apps, to: b.apps, ms: round3((b.ms - a.ms) / (b.apps - a.apps)) });
  }
  if (sorted.length < 3) return { perAppMs, linear: null };
  const [first, second] = sorted;
  const last = sorted[sorted.length - 1];
  const slope = Math.max(0, (second.ms - first.ms) / (second.apps - first.apps));
  const extrapolated = second.ms + slope * (last.apps - second.apps);
  return { perAppMs, extrapolatedMs: round3(extrapolated), linear: last.ms <= 1.5 * extrapolated };
}

function round3(n) {
  return Math.round(n * 1000) / 1000;
}

/** How many rows met, missed or could not measure a target: { met, missed, 'n/a' }. */
export function tally(verdicts) {
  const counts = { met: 0, missed: 0, 'n/a': 0 };
  for (const v of verdicts) if (v in counts) counts[v] += 1;
  return counts;
}
