/**
 * What an install would leave in package.json, without the registry: the
 * dependencies `add --json` planned, recorded under dependencies/devDependencies.
 * The bench checks apps "after add and install", so check sees what CI sees.
 */

/** package.json text with `deps` ([{ name, version, dev }]) declared; other keys keep their order. */
export function declareDependencies(packageJsonText, deps) {
  const pkg = JSON.parse(packageJsonText);
  for (const dep of deps) {
    const key = dep.dev ? 'devDependencies' : 'dependencies';
    pkg[key] = { ...(pkg[key] ?? {}), [dep.name]: dep.version };
  }
  return `${JSON.stringify(pkg, null, 2)}\n`;
}
