/**
 * Every framework integration, in detection priority order (a NestJS app also
 * depends on express or fastify, so Nest comes first). Modules keep their
 * top-level imports light: parsers load inside recognise, and the `add` code
 * (each add.ts: templates, migration writers, JSON editing) inside plan.
 */
import { express } from './express/index.js';
import { fastify } from './fastify/index.js';
import { nest } from './nest/index.js';
import { hono } from './hono/index.js';
import { koa } from './koa/index.js';
import { pavex } from './pavex/index.js';
import { axum } from './axum/index.js';
import { actixWeb } from './actix-web/index.js';
import type { FrameworkModule } from './types.js';

export const FRAMEWORKS: FrameworkModule[] = [nest, express, fastify, koa, hono, pavex, axum, actixWeb];

export function frameworkById(id: string): FrameworkModule | undefined {
  return FRAMEWORKS.find((f) => f.id === id);
}
