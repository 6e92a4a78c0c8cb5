/**
 * Orders strings by their UTF-16 code units. `localeCompare` would start ICU's collator
 * (about 6 ms on the first call), a cost every check and add run would pay for an order
 * that is only ever read by people or used to keep package.json sorted.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
