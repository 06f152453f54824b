#!/usr/bin/env node
// Development entry: runs the compiled commands after a fresh `tsc` (no ts-node dependency).
import {execSync} from 'node:child_process'
import {fileURLToPath} from 'node:url'
import {dirname, join} from 'node:path'
import {execute} from '@oclif/core'

execSync('npx tsc -p tsconfig.json', {cwd: join(dirname(fileURLToPath(import.meta.url)), '..'), stdio: 'inherit'})
await execute({development: true, dir: import.meta.url})
