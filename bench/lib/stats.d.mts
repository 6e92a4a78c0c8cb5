export interface Summary {
  median: number;
  mean: number;
  min: number;
  max: number;
  iqr: number;
  n: number;
}
export interface GrowthPoint {
  apps: number;
  ms: number;
}
export interface Growth {
  perAppMs: { from: number; to: number; ms: number }[];
  extrapolatedMs?: number;
  linear: boolean | null;
}
export function median(values: number[]): number;
export function quantile(values: number[], q: number): number;
export function summarize(values: number[]): Summary;
export function ratio(value: number | null | undefined, floor: number | null | undefined): number | null;
export const TARGETS: {
  startup: { maxRatio: number; label: string };
  check: { maxRatio: number; label: string };
  add: { maxRatio: number; label: string };
  monorepo: { maxMs: number; atApps: number; label: string };
  rss: { maxRatio: number; label: string };
  installs: { maxProcesses: number; label: string };
  'long-file': { maxMs: number; lines: number; label: string };
};
export function verdict(value: number | null | undefined, max: number): 'met' | 'missed' | 'n/a';
export function growth(points: GrowthPoint[]): Growth;
export function tally(verdicts: (string | undefined)[]): { met: number; missed: number; 'n/a': number };
