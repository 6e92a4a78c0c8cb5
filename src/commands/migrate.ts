import { UserError } from '../core/errors.js';
import type { CommandOptions } from './run.js';

export default async function migrate(_options: CommandOptions): Promise<number> {
  throw new UserError('`session-kit migrate` is not available in this version yet.', { code: 'unsupported' });
}
