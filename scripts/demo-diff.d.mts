export declare function demoDiff(original: string, file: string, cwd: string, color?: boolean): string;
