/** File roles in the record of what add did: a package manager's manifest is `package-manifest`, also when an earlier add wrote `manifest`. */
import { describe, expect, it } from 'vitest';
import { readManifest, serialiseManifest, type Manifest } from '../../src/core/manifest.js';

const record = (role: string): string =>
  JSON.stringify({
    manifestVersion: 1,
    tool: 'session-kit',
    framework: 'pavex',
    store: 'postgres',
    ecosystem: 'rust',
    files: [
      {
        path: 'app/Cargo.toml',
        action: 'edited',
        role,
        insertions: [{ text: 'pavex_session = "0.2"\n', replaced: '', before: '[dependencies]\n', after: '', line: 8 }],
      },
    ],
    dependencies: [],
    env: [],
    migrations: [],
  });

describe('file roles in .session-kit.json', () => {
  it('reads package-manifest as written', () => {
    expect(readManifest(record('package-manifest')).manifest?.files[0].role).toBe('package-manifest');
  });

  it('reads the role an earlier add wrote for Cargo.toml (manifest) as package-manifest', () => {
    const manifest = readManifest(record('manifest')).manifest as Manifest;
    expect(manifest.files[0].role).toBe('package-manifest');
    expect(serialiseManifest(manifest)).not.toContain('"role": "manifest"');
  });

  it('refuses a role add never writes', () => {
    expect(readManifest(record('lockfile')).problem).toMatch(/role must be one of/);
  });
});
