// Bundles the CLI into dist/: one small entry plus lazily loaded chunks per command.
import { readFileSync, rmSync } from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  minify: false,
  legalComments: 'none',
  chunkNames: 'chunks/[name]-[hash]',
  define: { SESSION_KIT_VERSION: JSON.stringify(pkg.version) },
  logLevel: 'warning',
});
