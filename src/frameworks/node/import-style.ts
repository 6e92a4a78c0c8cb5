/**
 * How the setup file writes relative imports, so the import of our module resolves
 * the way the app is run: `./session.js` under Node ESM and `tsc` NodeNext output,
 * `./session` where the file already imports without extensions (TypeScript compiled
 * to CommonJS and run by ts-node or ts-node-dev, which cannot find `./session.js`),
 * `./session.ts` where the project imports .ts files directly.
 */
import type { ProjectFiles } from '../../detect/project.js';
import { readTsConfig } from '../../detect/tsconfig.js';

export type RelativeImportStyle = 'extension' | 'extensionless' | 'ts-extension';

const RELATIVE_SPECIFIER =
  /(?:\bfrom\s*|\brequire\s*\(\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"\n]+)['"]/gm;

/** The style of the file's own relative imports, or null when it has none. */
export function fileImportStyle(text: string): RelativeImportStyle | null {
  let withExtension = 0;
  let withTs = 0;
  let without = 0;
  for (const match of text.matchAll(RELATIVE_SPECIFIER)) {
    const spec = match[1];
    if (/\.(?:json|css|node|html|svg)$/.test(spec)) continue;
    if (/\.[cm]?tsx?$/.test(spec)) withTs++;
    else if (/\.[cm]?jsx?$/.test(spec)) withExtension++;
    else without++;
  }
  if (withExtension + withTs + without === 0) return null;
  if (withTs > withExtension && withTs >= without) return 'ts-extension';
  return without > withExtension + withTs ? 'extensionless' : 'extension';
}

/**
 * The style for a new import in `setupFile`: the file's own, else for TypeScript what
 * its compiled output needs (CommonJS output resolves extensionless requires; ES module
 * output needs the `.js` extension), else the given default.
 */
export function importStyleFor(
  files: ProjectFiles,
  setupFile: string,
  typescript: boolean,
  esmProject: boolean,
  fallback: RelativeImportStyle,
): RelativeImportStyle {
  const own = fileImportStyle(files.read(setupFile) ?? '');
  if (own) return own;
  if (!typescript) return fallback;
  const options = readTsConfig(files)?.options;
  if (!options) return fallback;
  const module = options.module ?? '';
  if (module === 'commonjs' || (/^node(?:16|18|20|next)$/.test(module) && !esmProject)) return 'extensionless';
  if (module === '' && !esmProject && !options.moduleResolution) return 'extensionless';
  return fallback;
}
