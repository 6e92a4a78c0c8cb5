/** The HTTP adapter a Nest app uses when its code does not say: the platform package it depends on. */
import { hasDependency, type Project } from '../../detect/project.js';
import type { NestAdapter } from './recognise.js';

export function adapterFromPackage(project: Project): NestAdapter {
  return hasDependency(project.packageJson, '@nestjs/platform-fastify') &&
    !hasDependency(project.packageJson, '@nestjs/platform-express')
    ? 'fastify'
    : 'express';
}
