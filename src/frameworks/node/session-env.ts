/**
 * Environment variables of a Node session setup: the cookie secret plus the
 * store's connection settings, as written to .env and .env.example.
 */
import { generateSecret } from '../../core/env-files.js';
import type { EnvVar } from '../../core/plan.js';
import type { StoreEnvVar } from '../../stores/types.js';

export function sessionEnvVars(storeEnv: StoreEnvVar[]): EnvVar[] {
  return [
    {
      key: 'SESSION_SECRET',
      description: 'secret for the session cookie; comma-separate several to rotate',
      example: 'replace-with-32-random-bytes-base64url',
      secret: true,
      value: generateSecret(),
    },
    ...storeEnv.map((e) => ({
      key: e.key,
      description: e.description,
      example: e.example,
      secret: false,
      value: e.localDefault,
    })),
  ];
}
