/**
 * `npm run bench`: start-up and run time of the BUILT CLI against bare `node -e 0`
 * (the floor), measured in the same run, round-robin, so both see the same machine.
 *
 *   node bench/run.mjs [--runs 10] [--warmup 2] [--sizes 10,100,1000] [--only <regex>]
 *                      [--no-build] [--keep]
 *
 * Prints a table and writes bench/results.json. It is a benchmark, not a test:
 * it exits 0 when targets are missed and says which.
 */
import { spawnSync } from 'node:child_process';
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakePackageManagers, readInvocations } from './lib/fake-pm.mjs';
import { declareDependencies } from './lib/installed.mjs';
import { resourceMethod, runNode } from './lib/measure.mjs';
import { generateLongFileApp } from './lib/long-file.mjs';
import { generateMonorepo } from './lib/monorepo.mjs';
import { growth, ratio, summarize, tally, TARGETS, verdict } from './lib/stats.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// Set by snapshotCli(): the bench runs its own copy of the build, so a rebuild in
// the repository during a long run cannot swap bundles under a running case.
let CLI = path.join(REPO, 'bin/session-kit.cjs');
const FIXTURES = path.join(REPO, 'test/fixtures');
const RESULTS = path.join(REPO, 'bench/results.json');

function parseArgs(argv) {
  const options = { runs: 10, warmup: 2, sizes: [10, 100, 1000], only: null, build: true, keep: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--runs') options.runs = Number(value());
    else if (arg === '--warmup') options.warmup = Number(value());
    else if (arg === '--sizes') options.sizes = value().split(',').map(Number);
    else if (arg === '--only') options.only = new RegExp(value());
    else if (arg === '--no-build') options.build = false;
    else if (arg === '--keep') options.keep = true;
    else throw new Error(`unknown option ${arg}`);
  }
  if (!(options.runs >= 1) || !(options.warmup >= 0) || options.sizes.some((n) => !(n >= 1)))
    throw new Error('--runs ≥ 1, --warmup ≥ 0, --sizes positive');
  return options;
}

const log = (text) => process.stderr.write(`${text}\n`);

/** Every file under dir (relative, '/'-separated), skipping node_modules, target and .git. */
function readTree(dir, base = dir, out = {}) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'target' || name === '.git') continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) readTree(full, base, out);
    else out[path.relative(base, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
  }
  return out;
}

/**
 * The app a fixture holds: its input/ folder when that is a project (package.json or
 * Cargo.toml); null for fixtures that are not one app (check rule pairs, CLI scenarios).
 */
function appSource(name) {
  const input = path.join(FIXTURES, name, 'input');
  const isProject = existsSync(path.join(input, 'package.json')) || existsSync(path.join(input, 'Cargo.toml'));
  return isProject ? input : null;
}

/** A fresh copy of a fixture's app (its input/ folder). */
function copyFixture(name, into) {
  const source = appSource(name);
  if (!source) throw new Error(`test/fixtures/${name} holds no app`);
  cpSync(source, into, { recursive: true });
  return into;
}

/** The line of stderr that says what went wrong (an error line if any, else the first). */
function firstLine(text) {
  const lines = (text ?? '')
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '');
  return lines.find((l) => /error|cannot|not found|failed/i.test(l)) ?? lines[0] ?? '';
}

/** Copies bin/, dist/, templates/ and package.json into `dir`; node_modules is linked (external wasm packages). */
function snapshotCli(dir) {
  for (const part of ['bin', 'dist', 'templates', 'package.json'])
    cpSync(path.join(REPO, part), path.join(dir, part), { recursive: true });
  symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return path.join(dir, 'bin/session-kit.cjs');
}

const cliArgs = (...args) => [CLI, ...args];

/** Declares in package.json what the install would have added (Rust apps: add edits Cargo.toml itself). */
function recordInstall(dir, deps) {
  const file = path.join(dir, 'package.json');
  if (deps.length === 0 || !existsSync(file)) return;
  writeFileSync(file, declareDependencies(readFileSync(file, 'utf8'), deps));
}

/** The first file called `name` under `dir` (depth first, skipping target/ and node_modules/). */
function findFile(dir, name) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return full;
    if (entry.isDirectory() && entry.name !== 'target' && entry.name !== 'node_modules') {
      const found = findFile(full, name);
      if (found) return found;
    }
  }
  return null;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  if (options.build) {
    log('building the CLI (npm run build)…');
    const built = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: REPO, stdio: 'inherit' });
    if (built.status !== 0) throw new Error('the build failed; fix it or run with --no-build');
  }
  if (!existsSync(path.join(REPO, 'dist/cli.cjs'))) throw new Error('dist/cli.cjs is missing: run npm run build');

  const method = resourceMethod();
  const loadAtStart = os.loadavg()[0];
  const work = mkdtempSync(path.join(os.tmpdir(), 'sk-bench-'));
  CLI = snapshotCli(path.join(work, 'cli'));
  // check's result cache is off: CI runs are cold, and a cached answer is not the work
  // being measured. One informational row measures a warm run on its own cache dir.
  // The compiled-code cache (src/startup/code-cache.ts) is on, as for every user: it
  // lives in the work dir, starts empty and is filled by the warm-up round; the
  // "first run" rows measure runs without it.
  const env = {
    ...process.env,
    NO_COLOR: '1',
    FORCE_COLOR: '0',
    SESSION_KIT_CACHE: '0',
    SESSION_KIT_CACHE_DIR: path.join(work, 'check-cache'),
  };
  delete env.NODE_OPTIONS;
  const run = (args, cwd, extraEnv = {}) => runNode(args, { cwd, env: { ...env, ...extraEnv }, method });

  // Apps: one copy for `add` (left untouched: dry runs) and one set up by `add` for `check`.
  const fixtures = readdirSync(FIXTURES)
    .filter((name) => statSync(path.join(FIXTURES, name)).isDirectory() && appSource(name) !== null)
    .sort();
  const cases = [{ id: 'node -e 0 (floor)', group: 'floor', args: ['-e', '0'], cwd: work }];
  cases.push({ id: 'session-kit --version', group: 'startup', args: cliArgs('--version'), cwd: work });
  cases.push({ id: 'session-kit --help', group: 'startup', args: cliArgs('--help'), cwd: work });
  const setUp = {};
  for (const name of fixtures) {
    const plain = copyFixture(name, path.join(work, 'plain', name));
    const ready = copyFixture(name, path.join(work, 'ready', name));
    const added = run(cliArgs('add', '--yes', '--no-install', '--json'), ready);
    setUp[name] = added.status === 0;
    if (setUp[name]) recordInstall(ready, JSON.parse(added.stdout).dependencies ?? []);
    const note = setUp[name]
      ? 'app set up by `add --yes --no-install`, its packages declared as an install would'
      : `app as in the fixture (add failed: ${firstLine(added.stderr)})`;
    cases.push({ id: `check ${name}`, group: 'check', args: cliArgs('check'), cwd: ready, note });
    cases.push({
      id: `add --dry-run ${name}`,
      group: 'add',
      args: cliArgs('add', '--dry-run', '--no-install', '--yes'),
      cwd: plain,
    });
  }
  const warm = fixtures.find((name) => setUp[name] && existsSync(path.join(work, 'ready', name, 'package.json')));
  if (warm) {
    cases.push({
      id: `check ${warm} (warm: result cache on)`,
      group: 'check-warm',
      args: cliArgs('check'),
      cwd: path.join(work, 'ready', warm),
      env: { SESSION_KIT_CACHE: '1' },
      note: 'informational: a repeated check on an unchanged project (developer machines; off in CI)',
    });
  }
  // A run with no compiled code kept yet: what the first run after an install or an
  // upgrade costs (CI machines that start from nothing pay it on their first step).
  const rust = fixtures.find((name) => setUp[name] && existsSync(path.join(work, 'ready', name, 'Cargo.toml')));
  for (const name of [warm, rust].filter(Boolean)) {
    const note = 'informational: SESSION_KIT_COMPILE_CACHE=0, as the first run on a machine';
    cases.push({
      id: `check ${name} (first run)`,
      group: 'first-run',
      args: cliArgs('check'),
      cwd: path.join(work, 'ready', name),
      env: { SESSION_KIT_COMPILE_CACHE: '0' },
      note,
    });
    cases.push({
      id: `add --dry-run ${name} (first run)`,
      group: 'first-run',
      args: cliArgs('add', '--dry-run', '--no-install', '--yes'),
      cwd: path.join(work, 'plain', name),
      env: { SESSION_KIT_COMPILE_CACHE: '0' },
      note,
    });
  }
  // A blueprint.rs beyond the quick parser of check (a float literal): read by tree-sitter.
  if (rust && (!options.only || options.only.test(`check ${rust} (tree-sitter)`))) {
    const copy = path.join(work, 'tree-sitter', rust);
    cpSync(path.join(work, 'ready', rust), copy, { recursive: true });
    const blueprint = findFile(copy, 'blueprint.rs');
    if (blueprint) {
      appendFileSync(blueprint, '\nfn ratio() -> f64 {\n    0.5\n}\n');
      cases.push({
        id: `check ${rust} (tree-sitter)`,
        group: 'fallback',
        args: cliArgs('check'),
        cwd: copy,
        note: 'informational: a blueprint.rs beyond the quick parser, read by tree-sitter (WebAssembly)',
      });
    }
  }
  // One long setup file: check and add must stay linear in a file's length.
  const lines = TARGETS['long-file'].lines;
  const longReady = generateLongFileApp(path.join(work, 'long-file', 'ready'), lines, true);
  const longPlain = generateLongFileApp(path.join(work, 'long-file', 'plain'), lines, false);
  const longNote = `an Express app.js of ${lines} lines (one route per three lines)`;
  cases.push({
    id: `check ${lines}-line setup file`,
    group: 'long-file',
    args: cliArgs('check'),
    cwd: longReady,
    note: longNote,
  });
  cases.push({
    id: `add --dry-run ${lines}-line setup file`,
    group: 'long-file',
    args: cliArgs('add', '--dry-run', '--no-install', '--yes', '--store', 'memory'),
    cwd: longPlain,
    note: longNote,
  });
  // Monorepos: N copies of the first Node fixture that `add` could set up.
  const template = warm;
  if (template) {
    const files = readTree(path.join(work, 'ready', template));
    for (const size of options.sizes) {
      const root = path.join(work, `monorepo-${size}`);
      generateMonorepo(root, size, files);
      cases.push({
        id: `check monorepo ${size} apps`,
        group: 'monorepo',
        apps: size,
        args: cliArgs('check'),
        cwd: root,
        note: `${size} × ${template}`,
      });
    }
  } else {
    log('no fixture could be set up by add: monorepo cases skipped');
  }
  const selected = cases.filter((c) => c.group === 'floor' || !options.only || options.only.test(c.id));

  // Round-robin: every case once per round, so load changes hit all cases alike.
  const samples = new Map(selected.map((c) => [c, []]));
  const rounds = options.warmup + options.runs;
  for (let round = 0; round < rounds; round++) {
    log(`round ${round + 1}/${rounds}${round < options.warmup ? ' (warm-up)' : ''}`);
    for (const c of selected) {
      const result = run(c.args, c.cwd, c.env);
      if (round >= options.warmup) samples.get(c).push(result);
      else c.lastWarmup = result;
    }
  }

  const floorCase = selected[0];
  // On a busy machine wall time is mostly waiting for a CPU; targets are then judged on CPU time.
  const loadAtEnd = os.loadavg()[0];
  const basis = Math.max(loadAtStart, loadAtEnd) > os.cpus().length ? 'cpu' : 'wall';
  const floor = describe(floorCase, samples.get(floorCase), null, basis);
  const rows = selected.slice(1).map((c) => describe(c, samples.get(c), floor, basis));

  const monorepoRows = rows.filter((r) => r.group === 'monorepo' && r.ok);
  const timeOf = (row) => (basis === 'cpu' ? row.cpuMs?.mean : row.ms.median);
  const growthResult = growth(monorepoRows.map((r) => ({ apps: r.apps, ms: timeOf(r) })));
  const largest = monorepoRows.find((r) => r.apps === TARGETS.monorepo.atApps);
  for (const row of rows.filter((r) => r.group === 'monorepo')) {
    row.target = TARGETS.monorepo.label;
    row.verdict = !row.ok
      ? 'n/a'
      : row.apps === TARGETS.monorepo.atApps
        ? timeOf(row) < TARGETS.monorepo.maxMs && growthResult.linear !== false
          ? 'met'
          : 'missed'
        : '';
  }

  for (const row of rows.filter((r) => r.group === 'long-file')) {
    row.target = TARGETS['long-file'].label;
    row.verdict = row.ok ? verdict(timeOf(row), TARGETS['long-file'].maxMs) : 'n/a';
  }

  const installs = countInstalls(fixtures, work, env);
  const distFiles = listDist();

  const summary = [
    {
      target: `--version/--help ${TARGETS.startup.label}`,
      ...tally(rows.filter((r) => r.group === 'startup').map((r) => r.verdict)),
    },
    {
      target: `check on each fixture ${TARGETS.check.label}`,
      ...tally(rows.filter((r) => r.group === 'check').map((r) => r.verdict)),
    },
    {
      target: `add --dry-run on each fixture ${TARGETS.add.label}`,
      ...tally(rows.filter((r) => r.group === 'add').map((r) => r.verdict)),
    },
    {
      target: `check peak RSS ${TARGETS.rss.label}`,
      ...tally(rows.filter((r) => r.group === 'check').map((r) => r.rssVerdict)),
    },
    {
      target: `check at a monorepo root: ${TARGETS.monorepo.label}`,
      ...tally(rows.filter((r) => r.group === 'monorepo' && r.apps === TARGETS.monorepo.atApps).map((r) => r.verdict)),
    },
    {
      target: `check and add --dry-run on a ${TARGETS['long-file'].lines}-line file: ${TARGETS['long-file'].label}`,
      ...tally(rows.filter((r) => r.group === 'long-file').map((r) => r.verdict)),
    },
    { target: `add spawns ${TARGETS.installs.label}`, ...tally(installs.map((i) => i.verdict)) },
  ];

  const results = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? 'unknown',
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
      load1AtStart: round2(loadAtStart),
      load1AtEnd: round2(loadAtEnd),
    },
    method: {
      verdictsOn: basis === 'cpu' ? 'CPU time (machine busy)' : 'wall time',
      runs: options.runs,
      warmup: options.warmup,
      order: 'round-robin',
      wall: 'performance.now() around the process',
      resources: method === 'time' ? '/usr/bin/time -f "%U %S %M" (kernel rusage)' : 'process.resourceUsage() preload',
    },
    floor,
    cases: rows,
    summary,
    monorepoGrowth: { basis, ...growthResult, largestMs: largest ? timeOf(largest) : null },
    installs,
    dist: distFiles,
  };
  writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`${renderTables(results)}\n`);
  log(`\nwrote ${path.relative(process.cwd(), RESULTS) || RESULTS}`);
  if (options.keep) log(`work directory kept: ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

/** One row: time, CPU, RSS, ratios to the floor, exit statuses and the target's verdict. */
function describe(c, results, floor, basis) {
  const statuses = [...new Set(results.map((r) => r.status))];
  // check exits 1 when it finds problems: still a complete run. 2 is a refusal or a crash.
  const ok = results.every(
    (r) =>
      r.status === 0 ||
      (r.status === 1 &&
        ['check', 'check-warm', 'monorepo', 'fallback', 'long-file'].includes(c.group) &&
        c.args.includes('check')) ||
      (r.status === 1 && c.group === 'first-run' && c.args.includes('check')),
  );
  const ms = summarize(results.map((r) => r.ms));
  const cpu = results.every((r) => r.cpuMs != null) ? summarize(results.map((r) => r.cpuMs)) : null;
  const rss = results.every((r) => r.rssKb != null) ? summarize(results.map((r) => r.rssKb)) : null;
  const row = {
    id: c.id,
    group: c.group,
    ...(c.apps ? { apps: c.apps } : {}),
    command: c.args[0] === CLI ? `session-kit ${c.args.slice(1).join(' ')}` : `node ${c.args.join(' ')}`,
    ok,
    exitCodes: statuses,
    ...(ok ? {} : { failure: firstLine(results.find((r) => r.status !== 0)?.stderr) }),
    ...(c.note ? { note: c.note } : {}),
    ms: round(ms),
    cpuMs: cpu && round(cpu),
    rssKb: rss && round(rss),
  };
  if (!floor) return row;
  row.ratio = ratio(ms.median, floor.ms.median);
  row.cpuRatio = cpu && floor.cpuMs ? ratio(cpu.mean, floor.cpuMs.mean) : null;
  row.rssRatio = rss && floor.rssKb ? ratio(rss.median, floor.rssKb.median) : null;
  const target = TARGETS[c.group];
  if (target?.maxRatio) {
    row.target = target.label;
    row.verdict = ok ? verdict(basis === 'cpu' ? row.cpuRatio : row.ratio, target.maxRatio) : 'n/a';
  }
  if (c.group === 'check') {
    row.rssTarget = TARGETS.rss.label;
    row.rssVerdict = ok ? verdict(row.rssRatio, TARGETS.rss.maxRatio) : 'n/a';
  }
  return row;
}

function round2(n) {
  return Math.round(n * 100) / 100;
}

function round(summary) {
  return Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, k === 'n' ? v : Math.round(v * 10) / 10]));
}

/** `add --yes` with installs enabled and fake package managers (and cargo) first on PATH: one count per fixture. */
function countInstalls(fixtures, work, env) {
  const out = [];
  for (const name of fixtures) {
    const dir = copyFixture(name, path.join(work, 'installs', name));
    const fake = createFakePackageManagers(path.join(work, 'fake-pm', name));
    const r = spawnSync(process.execPath, [CLI, 'add', '--yes'], {
      cwd: dir,
      env: { ...env, PATH: `${fake.binDir}${path.delimiter}${env.PATH ?? ''}` },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const invocations = readInvocations(fake.log);
    out.push({
      fixture: name,
      exitCode: r.status,
      ...(r.status === 0 ? {} : { failure: firstLine(r.stderr) }),
      processes: invocations.length,
      invocations,
      target: TARGETS.installs.label,
      verdict: r.status === 0 ? verdict(invocations.length, TARGETS.installs.maxProcesses) : 'n/a',
    });
  }
  return out;
}

function listDist(dir = path.join(path.dirname(path.dirname(CLI)), 'dist')) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else
        out.push({
          file: path.relative(path.dirname(dir), full).split(path.sep).join('/'),
          bytes: statSync(full).size,
        });
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

function renderTables(results) {
  const f = (n, digits = 0) => (n == null ? '–' : n.toFixed(digits));
  const lines = [];
  const { machine, method, floor } = results;
  lines.push(`session-kit benchmark — ${results.date}`);
  lines.push(
    `${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}, ${machine.platform}, 1-min load ${machine.load1AtStart} at start, ${machine.load1AtEnd} at end`,
  );
  if (Math.max(machine.load1AtStart, machine.load1AtEnd) > machine.cpus) {
    lines.push(
      `NOTE: the machine was busy (load above ${machine.cpus} cores): wall times include waiting for a CPU, so the ratio targets are judged on CPU time.`,
    );
  }
  lines.push(
    `median of ${method.runs} runs after ${method.warmup} warm-up round(s), round-robin; RSS and CPU from ${method.resources}`,
  );
  lines.push('');
  lines.push(`targets (judged on ${method.verdictsOn}):`);
  lines.push('');
  lines.push('| target | met | missed | not measured |');
  lines.push('|---|---:|---:|---:|');
  for (const t of results.summary) lines.push(`| ${t.target} | ${t.met} | ${t.missed} | ${t['n/a']} |`);
  lines.push('');
  lines.push(
    '| case | median ms | fastest ms | × floor | mean CPU ms | × floor CPU | peak RSS MB | × floor RSS | target | verdict |',
  );
  lines.push('|---|---:|---:|---:|---:|---:|---:|---:|---|---|');
  const mb = (kb) => (kb == null ? null : kb / 1024);
  lines.push(
    `| ${floor.id} | ${f(floor.ms.median)} | ${f(floor.ms.min)} | 1.00 | ${f(floor.cpuMs?.mean)} | 1.00 | ${f(mb(floor.rssKb?.median), 1)} | 1.00 | | |`,
  );
  for (const row of results.cases) {
    const verdicts = [row.verdict, row.rssVerdict && `RSS ${row.rssVerdict}`].filter(Boolean).join(', ');
    const targets = [row.target, row.rssTarget].filter(Boolean).join('; ');
    const failure = row.ok ? '' : ` (exit ${row.exitCodes.join('/')}: ${row.failure})`;
    lines.push(
      `| ${row.id}${failure} | ${f(row.ms.median)} | ${f(row.ms.min)} | ${f(row.ratio, 2)} | ${f(row.cpuMs?.mean)} | ${f(row.cpuRatio, 2)} | ${f(mb(row.rssKb?.median), 1)} | ${f(row.rssRatio, 2)} | ${targets} | ${verdicts} |`,
    );
  }
  const g = results.monorepoGrowth;
  if (g.perAppMs.length) {
    lines.push('');
    lines.push(
      `monorepo growth (${g.basis === 'cpu' ? 'CPU' : 'wall'} time): ${g.perAppMs.map((p) => `${p.from}→${p.to} apps: ${p.ms} ms/app`).join(', ')}; ${g.linear == null ? 'linearity not judged (need 3 sizes)' : g.linear ? 'linear' : `SUPERLINEAR (largest ${g.largestMs} ms vs ${g.extrapolatedMs} ms extrapolated)`}`,
    );
  }
  if (results.installs.length) {
    lines.push('');
    lines.push('| `add --yes` with installs (fake package managers on PATH) | processes | invocations | verdict |');
    lines.push('|---|---:|---|---|');
    for (const i of results.installs)
      lines.push(
        `| ${i.fixture}${i.exitCode === 0 ? '' : ` (exit ${i.exitCode}: ${i.failure})`} | ${i.processes} | ${i.invocations.map((x) => `\`${x}\``).join('<br>')} | ${i.verdict} |`,
      );
  }
  lines.push('');
  lines.push(
    `dist: ${results.dist.length} files, ${Math.round(results.dist.reduce((s, d) => s + d.bytes, 0) / 1024)} KB (entry ${Math.round((results.dist.find((d) => d.file === 'dist/cli.cjs')?.bytes ?? 0) / 1024)} KB)`,
  );
  return lines.join('\n');
}

try {
  main();
} catch (error) {
  log(`bench: ${error.message}`);
  process.exitCode = 1;
}
