/**
 * Installs with the project's own package manager: at most two processes, one
 * for runtime dependencies and one for dev dependencies.
 */
import { resolveCommand } from 'package-manager-detector/commands';
import type { Agent } from 'package-manager-detector';
import type { Dependency } from './plan.js';
import type { PackageManagerInfo } from '../detect/project.js';

function agentOf(pm: PackageManagerInfo): Agent {
  if (pm.name === 'yarn') return pm.version && !pm.version.startsWith('1') ? 'yarn@berry' : 'yarn';
  return pm.name;
}

export function installCommands(pm: PackageManagerInfo, deps: Dependency[]): string[][] {
  const commands: string[][] = [];
  for (const dev of [false, true]) {
    const specs = deps.filter((d) => d.dev === dev).map((d) => `${d.name}@${d.version}`);
    if (specs.length === 0) continue;
    const resolved = resolveCommand(agentOf(pm), 'add', dev ? ['-D', ...specs] : specs);
    if (resolved) commands.push([resolved.command, ...resolved.args]);
  }
  return commands;
}

/** Installs what package.json declares (after add --no-install declared the packages there). */
export function installDeclaredCommand(pm: PackageManagerInfo): string[] {
  const resolved = resolveCommand(agentOf(pm), 'install', []);
  return resolved ? [resolved.command, ...resolved.args] : [pm.name, 'install'];
}

export function uninstallCommand(pm: PackageManagerInfo, names: string[]): string[] | null {
  if (names.length === 0) return null;
  const resolved = resolveCommand(agentOf(pm), 'uninstall', names);
  return resolved ? [resolved.command, ...resolved.args] : null;
}

/** Shell-quoted rendering for humans. */
export function formatCommand(command: string[]): string {
  return command.map((part) => (/^[\w@./:^~=+-]+$/.test(part) ? part : `'${part.replace(/'/g, "'\\''")}'`)).join(' ');
}
