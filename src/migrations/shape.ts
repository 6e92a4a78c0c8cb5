/** Compares an existing table with the shape a store needs. */
import type { ColumnShape } from '../stores/types.js';

export type TableState =
  | { kind: 'missing' }
  | { kind: 'matches' }
  | { kind: 'different'; found: ColumnShape[]; expected: ColumnShape[] };

export function compareShape(found: ColumnShape[], expected: ColumnShape[]): TableState {
  if (found.length === 0) return { kind: 'missing' };
  const byName = new Map(found.map((c) => [c.name.toLowerCase(), c.type.toLowerCase()]));
  const same =
    found.length === expected.length &&
    expected.every((c) => byName.get(c.name.toLowerCase()) === c.type.toLowerCase());
  return same ? { kind: 'matches' } : { kind: 'different', found, expected };
}

export function describeColumns(columns: ColumnShape[]): string {
  return columns.map((c) => `${c.name} ${c.type}`).join(', ');
}
