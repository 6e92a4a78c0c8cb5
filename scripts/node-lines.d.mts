export declare const NODE_LINES: number[];
export declare const APP_NODE_LINES: number[];
export declare function nodeLinesDir(): string;
export declare function nodeLinePackage(major: number): string;
export declare function ensureNodeLine(major: number): string;
export declare function nodeLineEnv(major: number): { PATH: string; npm_config_nodedir: string };
