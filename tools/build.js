#!/usr/bin/env node
// Compiles apps/, libs/, tools/ and bench/ to dist/ with SWC (seconds, not minutes, on two cores).
// Path aliases (@app/domain, @app/federation) are rewritten to relative requires, so the output
// runs with plain `node`. Type checking is separate: `npm run typecheck`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const swc = require('@swc/core');

const root = path.resolve(__dirname, '..');
const out = path.join(root, 'dist');
const sources = ['apps', 'libs', 'tools', 'bench'];

function* walk(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(full);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') && !entry.name.endsWith('.d.ts')) yield full;
  }
}

const options = (file) => ({
  filename: file,
  sourceMaps: true,
  module: { type: 'commonjs' },
  jsc: {
    target: 'es2022',
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
    keepClassNames: true,
    baseUrl: root,
    paths: {
      '@app/domain': ['./libs/domain/src'],
      '@app/domain/*': ['./libs/domain/src/*'],
      '@app/federation': ['./libs/federation/src'],
      '@app/federation/*': ['./libs/federation/src/*'],
    },
  },
});

async function main() {
  const wanted = new Set();
  let compiled = 0;
  for (const dir of sources) {
    for (const file of walk(path.join(root, dir))) {
      const rel = path.relative(root, file);
      const target = path.join(out, rel.replace(/\.ts$/, '.js'));
      wanted.add(target);
      wanted.add(`${target}.map`);
      const stale = !fs.existsSync(target) || fs.statSync(target).mtimeMs < fs.statSync(file).mtimeMs;
      if (!stale) continue;
      const result = await swc.transformFile(file, options(file));
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, `${result.code}\n//# sourceMappingURL=${path.basename(target)}.map\n`);
      if (result.map) fs.writeFileSync(`${target}.map`, result.map);
      compiled++;
    }
  }
  // Remove output whose source was deleted, so a stale module can never be loaded.
  for (const dir of sources) {
    for (const file of walkAll(path.join(out, dir))) if (!wanted.has(file)) fs.rmSync(file);
  }
  if (compiled > 0) process.stdout.write(`build: compiled ${compiled} file(s) to dist/\n`);
}

function* walkAll(dir) {
  if (!fs.existsSync(dir)) return;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) yield* walkAll(full);
    else yield full;
  }
}

main().catch((error) => {
  process.stderr.write(`build failed: ${error.message}\n`);
  process.exit(1);
});
