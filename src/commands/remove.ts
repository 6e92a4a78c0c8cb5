import { UserError } from '../core/errors.js';
import type { CommandOptions } from './run.js';

export default async function remove(_options: CommandOptions): Promise<number> {
  throw new UserError('`session-kit remove` is not available in this version yet.', { code: 'unsupported' });
}
