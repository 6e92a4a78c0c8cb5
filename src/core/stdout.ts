/**
 * Writes a command's whole output to descriptor 1 directly: `process.stdout` builds a
 * stream on first use (for a pipe, Node's net and stream modules: a few ms of a `check`
 * run that prints one line). A descriptor that would block (a non-blocking pipe whose
 * reader lags) takes the rest through process.stdout; a closed reader (`| head`) is
 * not an error, as with process.stdout.
 */
import { writeSync } from 'node:fs';

export function writeStdout(text: string): void {
  const bytes = Buffer.from(text);
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(1, bytes, written, bytes.length - written);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') return;
    if (code !== 'EAGAIN') throw error;
    process.stdout.write(bytes.subarray(written));
  }
}
