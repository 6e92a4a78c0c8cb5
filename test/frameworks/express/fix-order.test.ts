import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import { addWithoutInstall, copyFixture, plan, read, recordInstalled } from '../../helpers/fixtures.js';

describe('express: a session registered after the routes', () => {
  it('is refused with file:line, and moved back with --fix-order', async () => {
    const dir = copyFixture('express4-cjs');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const correct = read(dir, 'app.js');
    // The user later moves the registration below a route that reads the session.
    const broken = correct
      .replace('app.use(sessionMiddleware);\r\n', '')
      .replace(
        '  res.json({ ok: true });\r\n});\r\n',
        '  res.json({ ok: true });\r\n});\r\napp.use(sessionMiddleware);\r\n',
      );
    writeFileSync(path.join(dir, 'app.js'), broken);

    const error = await plan(dir, { store: 'memory' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).where).toMatchObject({ file: 'app.js', line: 19 });
    expect((error as UserError).message).toMatch(/must come before a route that reads the session \(app\.js:15\)/);
    expect((error as UserError).hint).toMatch(/--fix-order/);

    await addWithoutInstall(dir, { store: 'memory', fixOrder: true });
    expect(read(dir, 'app.js')).toBe(correct);
  });

  it('keeps a session registered after a route that never reads it (a health check)', async () => {
    const dir = copyFixture('express4-cjs');
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const correct = read(dir, 'app.js');
    const after = correct
      .replace('app.use(sessionMiddleware);\r\n', '')
      .replace(
        'app.get("/health", (req, res) => res.send("ok"));\r\n',
        'app.get("/health", (req, res) => res.send("ok"));\r\napp.use(sessionMiddleware);\r\n',
      );
    expect(after).not.toBe(correct);
    writeFileSync(path.join(dir, 'app.js'), after);
    await addWithoutInstall(dir, { store: 'memory' });
    expect(read(dir, 'app.js')).toBe(after);
  });

  it('repairs the order of an app’s own express-session with --fix-order, and only then', async () => {
    const dir = copyFixture('express-app-split');
    const own = read(dir, 'src/app.js')
      .replace(
        "import cors from './cors.js'\n",
        "import cors from './cors.js'\nimport session from 'express-session'\n",
      )
      .replace(
        'export default app\n',
        'app.use(session({ secret: process.env.SESSION_SECRET }))\n\nexport default app\n',
      );
    writeFileSync(path.join(dir, 'src/app.js'), own);
    await expect(plan(dir, { store: 'memory' })).rejects.toThrow(/must come before/);
    const result = await addWithoutInstall(dir, { store: 'memory', fixOrder: true });
    expect(result.files.map((f) => f.path)).toEqual(['src/app.js']);
    expect(read(dir, 'src/app.js')).toMatch(
      /app\.use\(express\.json\(\)\)\napp\.use\(session\(\{ secret: process\.env\.SESSION_SECRET \}\)\)\n\napp\.get/,
    );
  });
});
