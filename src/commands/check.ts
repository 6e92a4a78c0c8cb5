import { UserError } from '../core/errors.js';
import type { CommandOptions } from './run.js';

export default async function check(_options: CommandOptions): Promise<number> {
  throw new UserError('`session-kit check` is not available in this version yet.', { code: 'unsupported' });
}
