/**
 * Where add puts the session in a NestJS main.ts whose own middleware reads it: above
 * that middleware (and passport), after the middleware that never touches it, so the
 * result passes check's nest/session-before-readers and nest/session-before-passport.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../../src/check/run.js';
import { addWithoutInstall, copyFixture, read, recordInstalled } from '../../helpers/fixtures.js';

describe('nest on express: add and the middleware that reads the session', () => {
  it("puts the session above the app's own middleware module that reads req.session", async () => {
    const dir = copyFixture('nest-express');
    mkdirSync(path.join(dir, 'src/middleware'), { recursive: true });
    writeFileSync(
      path.join(dir, 'src/middleware/visits.ts'),
      "import type { NextFunction, Request, Response } from 'express';\n\nexport function visits(req: Request, _res: Response, next: NextFunction) {\n  const session = req.session as unknown as { visits?: number };\n  session.visits = (session.visits ?? 0) + 1;\n  next();\n}\n",
    );
    writeFileSync(
      path.join(dir, 'src/main.ts'),
      read(dir, 'src/main.ts')
        .replace(
          "import { AppModule } from './app.module';\n",
          "import { AppModule } from './app.module';\nimport { visits } from './middleware/visits';\n",
        )
        .replace(
          '  app.enableCors({ origin: false });\n',
          '  app.enableCors({ origin: false });\n  app.use(visits);\n',
        ),
    );
    recordInstalled(dir, await addWithoutInstall(dir, { store: 'memory' }));
    const main = read(dir, 'src/main.ts');
    expect(main.indexOf('  app.use(sessionMiddleware);\n')).toBeGreaterThan(0);
    expect(main.indexOf('  app.use(sessionMiddleware);\n')).toBeLessThan(main.indexOf('  app.use(visits);\n'));
    const report = await runChecks(dir, [], false);
    expect(report.projects[0].findings).toEqual([]);
  });
});
