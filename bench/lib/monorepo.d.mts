export function appDirName(index: number, count: number): string;
export function generateMonorepo(root: string, count: number, appFiles: Record<string, string>): string[];
