#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps V8's compiled code of the bundle between runs (a no-op on Node 20).
module.enableCompileCache?.();
await import('../dist/cli.js');
