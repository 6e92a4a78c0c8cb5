/**
 * One spelling of a project-relative path: forward slashes, no leading `./`, and `.`,
 * `..` and doubled slashes folded as path.posix.normalize folds them. Detection asks
 * this of every candidate file name (entries, extensions, index files), so
 * normalize runs only on a path that has something to fold.
 */
import path from 'node:path';

const NEEDS_FOLDING = /(?:^|\/)\.\.?(?:\/|$)|\/\/|^$/;

export function cleanRelative(rel: string): string {
  const slashed = rel.includes('\\') ? rel.replace(/\\/g, '/') : rel;
  const folded = NEEDS_FOLDING.test(slashed) ? path.posix.normalize(slashed) : slashed;
  return folded.startsWith('./') ? folded.slice(2) : folded;
}
