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
  /** --no-install: add declares the packages in package.json itself (no package manager writes it). */
  declareDependencies?: boolean;
}
