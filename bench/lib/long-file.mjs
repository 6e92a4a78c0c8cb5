/**
 * An Express app whose setup file is `lines` long (a session setup, then one route
 * per three lines), for timing `check` and `add --dry-run` as a file grows.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The setup file's text: `withSession` adds express-session before the routes. */
export function longSetupFile(lines, withSession) {
  const head = ["const express = require('express');"];
  if (withSession) head.push("const session = require('express-session');");
  head.push('const app = express();');
  if (withSession)
    head.push('app.use(session({ secret: process.env.SESSION_SECRET, resave: false, saveUninitialized: false }));');
  const tail = ['app.listen(3000);'];
  const out = [...head];
  for (let i = 0; out.length + tail.length + 3 <= lines; i++)
    out.push(`app.get('/r${i}', (req, res) => {`, `  res.send('${i}');`, '});');
  while (out.length + tail.length < lines) out.push('');
  return `${[...out, ...tail].join('\n')}\n`;
}

/** Writes the app to `root` (package.json and app.js); returns root. */
export function generateLongFileApp(root, lines, withSession) {
  mkdirSync(root, { recursive: true });
  const dependencies = { express: '^4.21.2', ...(withSession ? { 'express-session': '^1.18.1' } : {}) };
  writeFileSync(
    path.join(root, 'package.json'),
    `${JSON.stringify({ name: 'long-file', version: '1.0.0', private: true, main: 'app.js', dependencies }, null, 2)}\n`,
  );
  writeFileSync(path.join(root, 'app.js'), longSetupFile(lines, withSession));
  return root;
}
