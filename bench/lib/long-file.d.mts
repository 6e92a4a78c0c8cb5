export function longSetupFile(lines: number, withSession: boolean): string;
export function generateLongFileApp(root: string, lines: number, withSession: boolean): string;
