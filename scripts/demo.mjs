// `npm run demo`: copies examples/express-app to a temp folder, runs the built
// session-kit on it with the embedded sqlite store (real install), then shows a
// session surviving an app restart.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoDiff } from './demo-diff.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'session-kit-demo-'));
cpSync(path.join(repo, 'examples/express-app'), dir, { recursive: true });
const say = (text) => console.log(`\n\x1b[1m▸ ${text}\x1b[0m`);

say(`Demo app copied to ${dir}`);
// Measured on a 2-core machine (npm 11; a warm and an empty npm cache alike: fetching takes ~5 s of it).
const nodeMajor = Number(process.versions.node.split('.')[0]);
const estimate =
  nodeMajor >= 22
    ? 'better-sqlite3 13 ships its binary, nothing compiles: about 10 seconds'
    : 'on Node 20 better-sqlite3 12 downloads a prebuilt binary from GitHub, else compiles from source: that compile is the slow part, 1.5 to 4.5 minutes (measured on 2 cores: 80-90 s, 4m23s with the cores shared by other builds)';
say(`session-kit add --store sqlite --yes   (installs with npm; ${estimate})`);
const add = spawnSync('node', [path.join(repo, 'bin/session-kit.cjs'), 'add', '--store', 'sqlite', '--yes'], {
  cwd: dir,
  stdio: 'inherit',
});
if (add.status !== 0) process.exit(add.status ?? 1);

say('What changed in server.js:');
process.stdout.write(demoDiff(path.join(repo, 'examples/express-app/server.js'), 'server.js', dir));

const port = await new Promise((resolve) => {
  const server = net.createServer().listen(0, '127.0.0.1', () => {
    const { port: p } = server.address();
    server.close(() => resolve(p));
  });
});
const base = `http://127.0.0.1:${port}`;
let cookie = '';
let app;

async function start() {
  app = spawn('node', ['--env-file=.env', 'server.js'], {
    cwd: dir,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(base);
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error('the demo app did not start');
}
const stop = () =>
  new Promise((resolve) => {
    app.once('exit', resolve);
    app.kill();
  });
async function visit() {
  const response = await fetch(`${base}/visit`, { headers: cookie ? { cookie } : {} });
  const setCookie = response.headers.get('set-cookie');
  if (setCookie) cookie = setCookie.split(';')[0];
  return (await response.json()).visits;
}

await start();
say(`GET /visit → visits = ${await visit()}`);
say(`GET /visit → visits = ${await visit()}`);
say('Restarting the app (sessions live in sessions.sqlite)...');
await stop();
await start();
const after = await visit();
say(`GET /visit after the restart → visits = ${after}`);
await stop();
const envKeys = readFileSync(path.join(dir, '.env'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => l.split('=')[0]);
say(`.env holds ${envKeys.join(', ')} (git-ignored); the secret is in no source file.`);
if (after !== 3) {
  console.error('The session did not survive the restart.');
  process.exit(1);
}
say('The session survived the restart.');
