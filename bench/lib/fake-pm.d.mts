export const PACKAGE_MANAGERS: string[];
export function createFakePackageManagers(dir: string): { binDir: string; log: string };
export function readInvocations(log: string): string[];
export function parseInvocations(text: string): string[];
