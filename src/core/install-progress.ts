/**
 * What a package manager is doing, read from its output lines as they come: the step
 * shown beside the install spinner. Unknown lines say nothing (the step shown stays), so
 * a package manager whose output changes shows less, never something wrong.
 */

const SCRIPT_PHASES = 'preinstall|install|postinstall';

/** A registry URL's package name: `https://registry.npmjs.org/@scope%2fname` or `/name/-/name-1.0.0.tgz`. */
function packageOfUrl(url: string): string | null {
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return null;
  }
  const parts = pathname.split('/').filter(Boolean);
  if (parts.length === 0) return null;
  if (parts[0].startsWith('@')) return parts[0].includes('/') ? parts[0] : parts[1] ? `${parts[0]}/${parts[1]}` : null;
  return parts[0];
}

/** `better-sqlite3@12.4.1` or a path ending in `node_modules/better-sqlite3`: the package name. */
function packageOfSpec(spec: string): string {
  const inModules = /node_modules\/((?:@[^/\s]+\/)?[^/\s]+)\/?$/.exec(spec);
  if (inModules) return inModules[1];
  const at = spec.lastIndexOf('@');
  return at > 0 ? spec.slice(0, at) : spec;
}

export function progressStep(rawLine: string): string | null {
  // Colours and carriage-return redraws: the last redraw of the line is what it says.
  const line = rawLine
    .replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '')
    .split('\r')
    .filter((part) => part.trim())
    .pop()
    ?.trim();
  if (!line) return null;
  let m: RegExpExecArray | null;

  // npm (with loglevel info): fetches, then each package's install script.
  if ((m = /^npm (?:http|info) fetch GET \d+ (\S+)/.exec(line))) {
    const name = packageOfUrl(m[1]);
    return name ? `fetching ${name}` : null;
  }
  if ((m = /^npm http cache ((?:@[^@\s/]+\/)?[^@\s]+)@/.exec(line))) return `fetching ${m[1]}`;
  if (new RegExp(`^npm info run \\S+ (?:${SCRIPT_PHASES}) \\{`).test(line)) return null;
  if ((m = new RegExp(`^npm info run (\\S+) (${SCRIPT_PHASES}) `).exec(line)))
    return `building ${packageOfSpec(m[1])} (its ${m[2]} script)`;
  if ((m = /^npm info reify/.exec(line))) return 'writing node_modules';
  if ((m = /^(added|removed|changed|up to date)\b.*?(?: in [\d.]+m?s)?$/.exec(line)) && !line.startsWith('npm '))
    return line.replace(/, and audited.*$/, '');

  // yarn classic: [1/4] Resolving packages...
  if ((m = /^\[(\d+)\/(\d+)\]\s+(.+?)\.*$/.exec(line))) return `${m[3].toLowerCase()} (${m[1]}/${m[2]})`;
  // yarn berry: ➤ YN0000: ┌ Fetch step / YN0007: │ better-sqlite3@npm:12.4.1 must be built because ...
  if ((m = /YN\d{4}: [\u250c\u2502\u2514]?\s*(Resolution|Post-resolution validation|Fetch|Link) step/.exec(line)))
    return `${m[1].toLowerCase()} step`;
  if ((m = /YN0007: [\u2502\s]*(\S+?)@(?:npm:)?\S+ must be built/.exec(line))) return `building ${m[1]}`;

  // pnpm: Progress: resolved 120, reused 118, downloaded 2, added 120, done
  if ((m = /^Progress: resolved (\d+), reused (\d+), downloaded (\d+), added (\d+)/.exec(line)))
    return `resolved ${m[1]}, downloaded ${m[3]}, added ${m[4]}`;
  if ((m = new RegExp(`^(\\S+) (${SCRIPT_PHASES})(?:\\$|: Running)`).exec(line)))
    return `building ${packageOfSpec(m[1])} (its ${m[2]} script)`;
  if ((m = new RegExp(`^(\\S+) (${SCRIPT_PHASES}): Done$`).exec(line))) return `built ${packageOfSpec(m[1])}`;
  if ((m = /^Packages: ([+-]\d+(?: [+-]\d+)?)$/.exec(line))) return `packages ${m[1]}`;

  // A native build: prebuilt binary or a compile.
  if (/prebuild-install.*No prebuilt binaries found/i.test(line)) return 'no prebuilt binary: compiling from source';
  // Also behind pnpm's `<package> install: ` prefix.
  if (/\bgyp info spawn (?:make|g\+\+|cc|c\+\+)\b/.test(line) || /(?:^|\s)(?:CXX|CC)\(target\)/.test(line))
    return 'compiling native code';

  // bun: Resolving dependencies / Resolved, downloaded and extracted [12] / Saved lockfile / installed x@1
  if ((m = /^(Resolving dependencies|Resolved, downloaded and extracted \[\d+\]|Saved lockfile)$/.exec(line)))
    return m[1].charAt(0).toLowerCase() + m[1].slice(1);
  if ((m = /^installed (\S+)/.exec(line))) return `installed ${m[1]}`;
  return null;
}

/** Lines of the package manager's output worth showing after a failure: its own log chatter left out. */
export function meaningfulLines(output: string, count: number): string[] {
  return output
    .split('\n')
    .map((line) => line.replace(/\s+$/, ''))
    .filter((line) => line && !/^npm (?:http|info|timing|verbose|silly) /.test(line))
    .slice(-count);
}
