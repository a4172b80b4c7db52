// `jwt-studio code`, proven by running what it writes: for every built-in
// preset and every language whose runtime and library are on this machine
// (Node with jose and jsonwebtoken, Python with PyJWT, Go with golang-jwt,
// Ruby with ruby-jwt), the generated program is run with the key in its
// environment variable, and the token it prints is verified by the core and
// compared with `jwt-studio sign --json`: the same header, the same claims
// apart from the times, the times those of a token just made, and the URL
// (or snippet) it prints is renderEmbed's for that token. Tableau's code is
// made by the command line in every language (the kid comes from its JWK,
// which the program reads from the file its _FILE variable names); the other
// presets' code is made in-process from the same core.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listPresets } from '../../src/core/index';
import { defaultKeyEnv } from '../../src/core/codegen/codegen';
import { parseTtl } from '../../src/core/profiles/ttl';
import { makeKeys, SECRET, writeProfile } from './signFixtures';
import type { KeyFiles } from './signFixtures';
import { checkRun, generate, generateInProcess, missingRuntime, nowSeconds, RUNNABLE, runProgram, signedByCli } from './codeRun';
import { presetProfile } from './codeProfiles';

let keys: KeyFiles;
let tableauKey: string;
const stageMs: Record<string, { build: number; run: number; count: number }> = {};

before(() => {
  keys = makeKeys();
  // Tableau's kid is the connected app's secret id: a JWK carries it, as sign reads it.
  tableauKey = join(keys.dir, 'tableau.json');
  writeFileSync(tableauKey, JSON.stringify({ kty: 'oct', k: Buffer.from(SECRET).toString('base64url'), kid: 'tableau-secret-id', alg: 'HS256' }), { mode: 0o600 });
});
after(() => {
  keys.cleanup();
  // Measured stage times, for the record.
  for (const [lang, s] of Object.entries(stageMs)) process.stdout.write(`# code ${lang}: ${s.count} programs, build ${s.build} ms, run ${s.run} ms\n`);
});

interface Case {
  presetId: string;
  path: string;
  text: string;
  /** The key file given to `code` and `sign`, and what the program's environment holds: the key text, or the file's path. */
  keyFile: string;
  env: Record<string, string>;
  verify: { text: string; alg: string };
  ttl: number;
  embed: 'url' | 'snippet' | 'none';
}

const caseCache = new Map<string, Case>();

/** The preset's profile (written once), its key and what its token is checked against. */
function caseFor(presetId: string): Case {
  const known = caseCache.get(presetId);
  if (known) return known;
  const preset = listPresets().find((p) => p.id === presetId);
  assert.ok(preset);
  const text = presetProfile(preset.id);
  const path = writeProfile(keys.dir, `${preset.id}.jwt.yaml`, text);
  const hs = preset.alg.default.startsWith('HS');
  const keyFile = preset.id === 'tableau' ? tableauKey : hs ? keys.hs : keys.rsa;
  const env = defaultKeyEnv('k1');
  // Tableau's program reads the JWK file itself: its secret is the JWK's "k".
  const programEnv = preset.id === 'tableau' ? { [`${env}_FILE`]: tableauKey } : { [env]: hs ? SECRET : readFileSync(keys.rsa, 'utf8') };
  const verify = { text: hs ? SECRET : readFileSync(keys.rsaPub, 'utf8'), alg: preset.alg.default };
  const ttl = parseTtl(preset.lifetime.default) ?? 0;
  const embed = preset.embed?.url ? 'url' : preset.embed?.snippets && Object.keys(preset.embed.snippets).length ? 'snippet' : 'none';
  const made: Case = { presetId: preset.id, path, text, keyFile, env: programEnv, verify, ttl, embed };
  caseCache.set(presetId, made);
  return made;
}

describe('code: every built-in preset, run in every language installed here', { concurrency: 8 }, () => {
  for (const lang of RUNNABLE) {
    for (const presetId of listPresets().map((p) => p.id)) {
      test(`${lang}, ${presetId}: the program's token is what sign makes, its URL is renderEmbed's`, async (t) => {
        const missing = missingRuntime(lang);
        if (missing) return t.skip(missing);
        const c = caseFor(presetId);
        assert.ok(c.ttl > 0, `a lifetime for ${presetId}`);
        const code = presetId === 'tableau' ? await generate(c.path, lang, ['--key', c.keyFile], keys.dir) : { ...(await generateInProcess(c.text, lang, { keyFile: c.keyFile })), stderr: '' };
        assert.equal(code.stderr, '');
        assert.doesNotMatch(code.code, /-----BEGIN [A-Z ]*PRIVATE KEY-----|correct\.horse/, 'no key in the code');
        // One token from sign per preset: its header and claims apart from the times are every language's.
        const expected = signedByCli(c.path, ['--key', c.keyFile], keys.dir);
        const before = nowSeconds();
        const run = await runProgram(lang, code.code, c.env);
        const after = nowSeconds();
        const s = (stageMs[lang] ??= { build: 0, run: 0, count: 0 });
        s.build += run.buildMs;
        s.run += run.runMs;
        s.count += 1;
        await checkRun(run, await expected, { verify: c.verify, before, after, ttl: c.ttl, profileText: c.text, embed: c.embed });
      });
    }
  }
});
