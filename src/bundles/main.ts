/** The main bundle: the commander program (cli.ts), which loads each command as it runs. */
export async function main(): Promise<void> {
  await import('../cli.js');
}
