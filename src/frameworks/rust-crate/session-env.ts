/**
 * The environment a Rust session module reads, written to `.env` / `.env.example`:
 * SESSION_SECRET (64 random bytes as hex, over the 64 bytes a cookie `Key` needs), and
 * the store's connection variables unless the store shares a pool of the app's own
 * (then the app already says where its database is).
 */
import { planEnvFiles } from '../../core/env-files.js';
import type { EnvVar, PlanBuilder } from '../../core/plan.js';
import type { ProjectFiles } from '../../detect/project.js';
import type { StoreDescriptor } from '../../stores/types.js';

function generateSecret(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(64))).toString('hex');
}

export function planRustSessionEnv(
  builder: PlanBuilder,
  files: ProjectFiles,
  options: { secretDescription: string; store: StoreDescriptor; sharedPool: boolean },
): void {
  const vars: EnvVar[] = [
    {
      key: 'SESSION_SECRET',
      description: options.secretDescription,
      example: 'replace-with-at-least-64-random-bytes-0000000000000000000000000000000000000000',
      secret: true,
      value: generateSecret(),
    },
  ];
  const storeEnv = options.sharedPool ? [] : options.store.env;
  for (const v of storeEnv)
    vars.push({ key: v.key, description: v.description, example: v.example, secret: false, value: v.localDefault });
  const ignores = storeEnv.flatMap((v) => (v.localDefault ? [v.localDefault.replace(/^\.\//, '')] : []));
  planEnvFiles(builder, files, vars, ignores);
}
