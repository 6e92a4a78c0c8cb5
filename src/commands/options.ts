/** The options every command receives from commander (or from the check bundle's own parser). */
export interface CommandOptions {
  cwd: string;
  json?: boolean;
  format?: string;
  [key: string]: unknown;
}
