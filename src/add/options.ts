/** What `session-kit add` is asked to do (its command-line options). */
export interface AddOptions {
  cwd: string;
  json?: boolean;
  store?: string;
  framework?: string;
  dryRun?: boolean;
  yes?: boolean;
  install?: boolean;
  packageManager?: string;
  fixOrder?: boolean;
  /**
   * --load-env / --no-load-env: make the start scripts load .env. Unset: a terminal asks,
   * --yes and --dry-run do it, other runs without a terminal leave the scripts alone.
   */
  loadEnv?: boolean;
  /** --no-install: add declares the packages in package.json itself (no package manager writes it). */
  declareDependencies?: boolean;
}
