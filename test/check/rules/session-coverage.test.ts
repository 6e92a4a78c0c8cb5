/**
 * session-used-outside-middleware follows router modules of other files (relative or
 * through a tsconfig alias) mounted where a session kept on a sub-router does not reach,
 * and routers of the same file that the session's router does not mount.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/run.js';

const HEAD = [
  "import express from 'express';",
  "import session from 'express-session';",
  "import account from '@/routes/account';",
  '',
  'const app = express();',
  'const api = express.Router();',
  'const admin = express.Router();',
  'api.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));',
];

async function findingsFor(lines: string[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'sk-coverage-'));
  writeFileSync(
    path.join(dir, 'package.json'),
    JSON.stringify({
      name: 'app',
      type: 'module',
      main: 'src/app.ts',
      dependencies: { express: '^5.1.0', 'express-session': '^1.18.1' },
    }),
  );
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@/*': ['src/*'] } } }),
  );
  mkdirSync(path.join(dir, 'src/routes'), { recursive: true });
  writeFileSync(
    path.join(dir, 'src/routes/account.ts'),
    "import { Router } from 'express';\nconst r = Router();\nr.get('/', (req, res) => res.json(req.session.user ?? null));\nexport default r;\n",
  );
  writeFileSync(path.join(dir, 'src/app.ts'), [...HEAD, ...lines, 'app.listen(3000);', ''].join('\n'));
  const report = await runChecks(dir, [], false);
  return report.projects[0].findings
    .filter((f) => f.ruleId === 'session-used-outside-middleware')
    .map((f) => `${f.line}: ${f.message}`);
}

describe('session-used-outside-middleware across files', () => {
  it('a router module imported through a tsconfig alias and mounted on the app: reported', async () => {
    expect(await findingsFor(["app.use('/api', api);", "app.use('/account', account);"])).toEqual([
      expect.stringMatching(
        /^10: this mounts account \(from @\/routes\/account\), whose code reads the session, but is registered on app/,
      ),
    ]);
  });

  it('mounted on a sibling router the session does not cover: reported at that router', async () => {
    expect(
      await findingsFor(["admin.use('/account', account);", "app.use('/api', api);", "app.use('/admin', admin);"]),
    ).toEqual([expect.stringMatching(/^9: .* but is registered on admin,/)]);
  });

  it('mounted on the session router, or on a router the session router mounts: nothing', async () => {
    expect(
      await findingsFor(["admin.use('/account', account);", "api.use('/admin', admin);", "app.use('/api', api);"]),
    ).toEqual([]);
  });
});
