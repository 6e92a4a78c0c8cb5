/** The record of what `add` did (manifest.ts), by name: apart so the CLI's entry can use it without the rest. */
export const MANIFEST_FILE = '.session-kit.json';
