/** Whether a project's migrations create a table, read as text in each tool's form. */
import { describe, expect, it } from 'vitest';
import { createsTable } from '../../src/check/migrations.js';

const set = (...texts: string[]) => ({ dirs: ['migrations'], texts });

describe('createsTable', () => {
  it.each([
    ['plain SQL', 'CREATE TABLE session (sid varchar PRIMARY KEY);'],
    ['quoted, idempotent, schema-qualified', 'create table if not exists "app"."session" ("sid" varchar);'],
    ['MySQL backticks inside a JS template literal', 'await knex.raw(`CREATE TABLE IF NOT EXISTS \\`session\\` (`'],
    ['knex builder', "exports.up = (knex) => knex.schema.createTable('session', (t) => {})"],
    ['kysely / node-pg-migrate builder', "await db.schema.createTable('session').ifNotExists()"],
    ['node-pg-migrate with a schema object', "pgm.createTable({ schema: 'app', name: 'session' }, {})"],
    ['prisma @@map', 'model Session {\n  sid String @id\n  @@map("session")\n}'],
    ['drizzle table', "export const session = pgTable('session', { sid: varchar('sid') })"],
  ])('finds %s', (_, text) => {
    expect(createsTable(set(text), 'session')).toBe(true);
  });

  it('does not take another table, or a longer name, for the session table', () => {
    expect(
      createsTable(
        set('CREATE TABLE users (id serial);', 'CREATE TABLE session_data (id int);', "createTable('sessions')"),
        'session',
      ),
    ).toBe(false);
  });
});
