export function declareDependencies(
  packageJsonText: string,
  deps: { name: string; version: string; dev: boolean }[],
): string;
