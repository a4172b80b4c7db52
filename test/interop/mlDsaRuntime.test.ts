// ML-DSA on a runtime that has it. The unit stage runs on the Node.js that
// runs the tests, which may have no ML-DSA (test/unit/mlDsa.test.ts then
// checks that every route says so); this runs the same file on the Node.js
// the newest editor's extension host runs on (scripts/editor-host.mjs), where
// WebCrypto has ML-DSA, so keys import, tokens verify and keys sign there.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { editorNode, editors } from '../../scripts/editor-host.mjs';

const root = path.join(__dirname, '..', '..');

test("ML-DSA keys import, verify and sign on the newest editor's Node.js", (t) => {
  const node = editorNode(editors.newest);
  if (!existsSync(node)) return t.skip(`${node} is not installed (node scripts/editor-host.mjs install)`);
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_NO_WARNINGS: '1' };
  // Run as a test run of its own, not as a subtest of this one.
  delete env.NODE_TEST_CONTEXT;
  const run = spawnSync(node, ['--import', 'tsx', '--test', '--test-reporter=tap', 'test/unit/mlDsa.test.ts'], { cwd: root, env, encoding: 'utf8', maxBuffer: 8 * 1024 * 1024 });
  assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  const count = (name: string): number => Number(new RegExp(`^# ${name} (\\d+)$`, 'm').exec(run.stdout)?.[1] ?? -1);
  // There, the "has it" group runs and the "has not got it" group is what is skipped.
  assert.match(run.stdout, /^\s*ok \d+ - ML-DSA-65: the AKP JWK imports, the token verifies, another key's token does not$/m);
  assert.match(run.stdout, /^\s*ok \d+ - generate, sign, verify, export; the kid is the RFC 7638 thumbprint over alg, kty and pub$/m);
  assert.match(run.stdout, /# SKIP Node \d+\.x has ML-DSA/);
  assert.equal(count('fail'), 0);
  assert.equal(count('pass'), 10);
  assert.equal(count('skipped'), 4);
});
