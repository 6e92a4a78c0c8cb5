// Preloaded with -r when /usr/bin/time is missing: on exit, writes "<cpu ms> <peak RSS KB>"
// to the file named by SK_BENCH_PROBE. Loaded for the floor and the CLI alike.
const { writeFileSync } = require('node:fs');

process.on('exit', () => {
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  writeFileSync(process.env.SK_BENCH_PROBE, `${cpuMs} ${usage.maxRSS}\n`);
});
