// `jwt-studio mint --count 10000` against a jsonwebtoken loop minting the same
// claims (sub, iss, role, iat, nbf, exp = iat + 600, a random jti per token)
// with the same algorithm, for HS256, RS256 and ES256. jsonwebtoken gets its
// fastest use: a KeyObject made once (given a PEM string or a string secret it
// parses the key again for every token, several times slower).
//  - in process: the mint command itself (runMint: reading the profile and the
//    key, the checks, the core's reference token, then 10,000 tokens into a sink
//    that drops them) against the jsonwebtoken loop writing the same lines to
//    the same kind of sink; the two take turns, median of several runs.
//  - whole program: `node dist/cli/jwt-studio.mjs mint … --count 10000 >/dev/null`
//    against `node -e <the jsonwebtoken loop> >/dev/null`, Node's start included.
// Ratio = our tokens/s ÷ jsonwebtoken's tokens/s.
// Run: node --import tsx bench/cliMint.bench.ts

import { spawnSync, execFileSync } from 'node:child_process';
import { createPrivateKey, createPublicKey, createSecretKey, randomUUID } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import * as jwt from 'jsonwebtoken';
import { runMint } from '../src/cli/commands/sign';
import { Output } from '../src/cli/io';
import { median, report } from './benchReport';
import { keyPair } from '../test/keyPairs';

const COUNT = 10_000;
const ALGS = ['HS256', 'RS256', 'ES256'] as const;
type Alg = (typeof ALGS)[number];
/** Runs per side (after one warm-up): RSA signatures are slow, so fewer of them. */
const RUNS: Record<Alg, number> = { HS256: 9, RS256: 5, ES256: 7 };
const CLI = resolve(import.meta.dirname, '../dist/cli/jwt-studio.mjs');
const CLAIMS = { sub: 'user_42', iss: 'https://auth.example.com', role: 'EDITOR' };
const PROFILE = (alg: Alg): string => `preset: generic\nkey: k1\nalg: ${alg}\nttl: 10m\nregistered:\n  nbf: true\n  jti: true\nclaims:\n  sub: ${CLAIMS.sub}\n  iss: ${CLAIMS.iss}\n  role: ${CLAIMS.role}\n`;
const SECRET = 'bench.secret!not-hex#not-base64~forty-eight-bytes';

/** The jsonwebtoken loop, as a script for `node -e` too: the same claims, one line per token, written in 64 KB pieces. */
const BASELINE_LOOP = `
function mintWithJsonwebtoken(jwt, key, alg, count, write, randomUUID) {
  const claims = ${JSON.stringify(CLAIMS)};
  let chunk = '';
  for (let i = 0; i < count; i++) {
    chunk += jwt.sign(claims, key, { algorithm: alg, expiresIn: 600, notBefore: 0, jwtid: randomUUID() }) + '\\n';
    if (chunk.length >= 65536) { write(chunk); chunk = ''; }
  }
  if (chunk !== '') write(chunk);
}`;
const mintWithJsonwebtoken = new Function(`${BASELINE_LOOP}; return mintWithJsonwebtoken;`)() as (j: typeof jwt, key: KeyObject, alg: Alg, count: number, write: (text: string) => void, id: () => string) => void;

function keyFiles(dir: string): Record<Alg, string> {
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text, { mode: 0o600 });
    return path;
  };
  return {
    HS256: write('hs.secret', SECRET),
    RS256: write('rsa.pem', keyPair('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
    // PKCS#8 PEM only: exporting a fresh EC key as a JWK can stall this Node when GC runs.
    ES256: write('ec.pem', keyPair('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string),
  };
}

function jsonwebtokenKey(alg: Alg, file: string): KeyObject {
  const text = readFileSync(file, 'utf8');
  return alg === 'HS256' ? createSecretKey(Buffer.from(text, 'utf8')) : createPrivateKey(text);
}

/** A stdout stand-in that takes everything at once and counts lines. */
function sink(): { stream: Writable; lines: () => number } {
  let lines = 0;
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = chunk.toString();
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
      done();
    },
  });
  return { stream, lines: () => lines };
}

async function oursInProcess(profile: string, keyFile: string, dir: string): Promise<number> {
  const { stream, lines } = sink();
  const t0 = performance.now();
  const code = await runMint({ argv: [profile, '--key', keyFile, '--count', String(COUNT), '--workspace', dir], out: new Output(stream as unknown as NodeJS.WriteStream), warn: () => undefined });
  const ms = performance.now() - t0;
  if (code !== 0 || lines() !== COUNT) throw new Error(`mint gave exit ${code} and ${lines()} lines`);
  return ms;
}

function baselineInProcess(alg: Alg, keyFile: string): number {
  const { stream, lines } = sink();
  const t0 = performance.now();
  mintWithJsonwebtoken(jwt, jsonwebtokenKey(alg, keyFile), alg, COUNT, (text) => stream.write(text), randomUUID);
  const ms = performance.now() - t0;
  if (lines() !== COUNT) throw new Error(`jsonwebtoken loop gave ${lines()} lines`);
  return ms;
}

function wallOfChild(args: string[]): number {
  const devNull = openSync('/dev/null', 'w');
  try {
    const t0 = performance.now();
    const run = spawnSync(process.execPath, args, { cwd: resolve(import.meta.dirname, '..'), stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8' });
    const ms = performance.now() - t0;
    if (run.status !== 0) throw new Error(`${args.slice(0, 2).join(' ')} failed: ${run.stderr}`);
    return ms;
  } finally {
    closeSync(devNull);
  }
}

const CHILD_BASELINE = `${BASELINE_LOOP}
const [alg, file] = process.argv.slice(1);
const c = require('node:crypto');
const fs = require('node:fs');
const text = fs.readFileSync(file, 'utf8');
const key = alg === 'HS256' ? c.createSecretKey(Buffer.from(text, 'utf8')) : c.createPrivateKey(text);
mintWithJsonwebtoken(require('jsonwebtoken'), key, alg, ${COUNT}, (t) => fs.writeSync(1, t), c.randomUUID);`;

async function main(): Promise<void> {
  if (!existsSync(CLI)) execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: resolve(import.meta.dirname, '..'), stdio: 'ignore' });
  const dir = mkdtempSync(join(tmpdir(), 'jwt-studio-mint-bench-'));
  try {
    const keys = keyFiles(dir);
    for (const alg of ALGS) {
      const profile = join(dir, `${alg}.jwt.yaml`);
      writeFileSync(profile, PROFILE(alg));
      // The tokens are real: one of ours verifies with jsonwebtoken.
      const check = spawnSync(process.execPath, [CLI, 'mint', profile, '--key', keys[alg], '--count', '1', '--workspace', dir], { encoding: 'utf8' });
      const publicKey = alg === 'HS256' ? Buffer.from(SECRET, 'utf8') : createPublicKey(readFileSync(keys[alg], 'utf8'));
      jwt.verify(check.stdout.trim(), publicKey, { algorithms: [alg] });

      const sides: Record<'ours' | 'jsonwebtoken' | 'oursChild' | 'jsonwebtokenChild', () => Promise<number> | number> = {
        ours: () => oursInProcess(profile, keys[alg], dir),
        jsonwebtoken: () => baselineInProcess(alg, keys[alg]),
        oursChild: () => wallOfChild([CLI, 'mint', profile, '--key', keys[alg], '--count', String(COUNT), '--workspace', dir]),
        jsonwebtokenChild: () => wallOfChild(['-e', CHILD_BASELINE, alg, keys[alg]]),
      };
      const times = new Map<string, number[]>();
      // The sides take turns within each run, so a burst of load on the shared machine falls on all of them.
      for (let r = 0; r < RUNS[alg] + 1; r++) {
        for (const [name, fn] of Object.entries(sides)) {
          // Each side starts from a collected heap (bench/run.mjs passes --expose-gc), not with the garbage of the one before.
          (globalThis as { gc?: () => void }).gc?.();
          const ms = await fn();
          if (r > 0) times.set(name, [...(times.get(name) ?? []), ms]);
        }
      }
      const rate = (name: string): number => COUNT / (median(times.get(name) as number[]) / 1000);
      const ours = rate('ours');
      const theirs = rate('jsonwebtoken');
      const oursChild = rate('oursChild');
      const theirsChild = rate('jsonwebtokenChild');
      console.log(`${alg}: mint in process ${ours.toFixed(0)} tokens/s, jsonwebtoken ${theirs.toFixed(0)} tokens/s (${(ours / theirs).toFixed(2)}×); whole program ${oursChild.toFixed(0)} vs ${theirsChild.toFixed(0)} tokens/s (${(oursChild / theirsChild).toFixed(2)}×)`);
      report({
        section: 'Command line: mint',
        row: `${alg} mint --count ${COUNT.toLocaleString('en-US')}, in process, vs jsonwebtoken`,
        value: ours,
        baseline: theirs,
        ratio: ours / theirs,
        unit: 'tokens/s',
        against: 'jsonwebtoken loop (KeyObject made once)',
        goal: { minRatio: 1 },
        note: 'the mint command as the program runs it (profile, key, checks, the core\'s reference token, then the tokens), signatures with node:crypto',
        shortfall:
          alg === 'HS256'
            ? 'Each HMAC token is a few microseconds of JavaScript (the times, the jti, JSON, base64url) around the signature; a miss means that work grew.'
            : 'The signature itself (OpenSSL, the same as jsonwebtoken\'s) is nearly all of the time, and mint hands signatures to the thread pool so two cores share them; on a machine whose other core is busy the two sides are level, and noise decides the row.',
      });
      report({
        section: 'Command line: mint',
        row: `${alg} mint --count ${COUNT.toLocaleString('en-US')}, whole program, vs node -e jsonwebtoken loop`,
        value: oursChild,
        baseline: theirsChild,
        ratio: oursChild / theirsChild,
        unit: 'tokens/s',
        against: 'node -e <jsonwebtoken loop>, output to /dev/null',
        note: 'context: Node\'s start, loading the program (core, YAML and schema code) and reading the profile are in both times; for cheap signatures they outweigh the minting',
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
