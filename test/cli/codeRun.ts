// Running the integration code `jwt-studio code` writes: which runtimes and
// libraries this machine has, one temporary folder per program (removed after
// it), every run with a time limit and through a small pool (builds and runs
// overlap, the machine is not flooded), the code made in-process where a test
// is not about the command line, and the checks the tests share (the token
// verified and decoded by the core, compared with `sign --json`, and the URL
// with renderEmbed).

import { execFile, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { checkPreset, decodeToken, importKey, listPresets, parseProfile, renderEmbed, verifyToken } from '../../src/core/index';
import { integrationCode, type CodeLanguage } from '../../src/core/codegen/codegen';
import type { Preset } from '../../src/core/profiles/presets';
import type { KeyAlg, KeyMaterial } from '../../src/core/base/types';
import { runCli } from './cli';

export type RunnableLanguage = 'node' | 'node-jsonwebtoken' | 'python' | 'go' | 'ruby';
export const RUNNABLE: readonly RunnableLanguage[] = ['node', 'node-jsonwebtoken', 'python', 'go', 'ruby'];

const NODE_MODULES = resolve(import.meta.dirname, '../../node_modules');
/** Debian's golang-github-golang-jwt-jwt-dev: the v4 module's source, built offline through a replace directive. */
const GO_JWT = '/usr/share/gocode/src/github.com/golang-jwt/jwt';
const PYTHON = '/usr/bin/python3';

function works(command: string, args: string[]): boolean {
  const run = spawnSync(command, args, { encoding: 'utf8', timeout: 20_000 });
  return run.status === 0;
}

let found: Record<RunnableLanguage, string | undefined> | undefined;

/** Why a language cannot run here (its runtime or library is missing), or undefined when it can. */
export function missingRuntime(lang: RunnableLanguage): string | undefined {
  found ??= {
    node: existsSync(join(NODE_MODULES, 'jose')) ? undefined : 'jose is not in node_modules (npm ci)',
    'node-jsonwebtoken': existsSync(join(NODE_MODULES, 'jsonwebtoken')) ? undefined : 'jsonwebtoken is not in node_modules (npm ci)',
    python: works(PYTHON, ['-c', 'import jwt, cryptography']) ? undefined : 'PyJWT is not installed (apt-get install python3-jwt python3-cryptography; npm run setup)',
    go: works('go', ['version']) && existsSync(join(GO_JWT, 'go.mod')) ? undefined : 'Go or golang-jwt is not installed (apt-get install golang-go golang-github-golang-jwt-jwt-dev; npm run setup)',
    ruby: works('ruby', ['-e', 'require "jwt"']) ? undefined : 'ruby-jwt is not installed (apt-get install ruby ruby-jwt; npm run setup)',
  };
  return found[lang];
}

/** One Go build cache for the whole run (the library is compiled once), removed at exit. */
let goHome: string | undefined;
function goEnv(): Record<string, string> {
  if (!goHome) {
    goHome = mkdtempSync(join(tmpdir(), 'jwt-studio-go-'));
    const home = goHome;
    process.on('exit', () => rmSync(home, { recursive: true, force: true }));
  }
  return { GOCACHE: join(goHome, 'cache'), GOPATH: join(goHome, 'path'), GOPROXY: 'off', GOFLAGS: '-mod=mod', GO111MODULE: 'on', GOTOOLCHAIN: 'local' };
}

const GO_MOD = `module example.com/token\n\ngo 1.19\n\nrequire github.com/golang-jwt/jwt/v4 v4.4.3\n\nreplace github.com/golang-jwt/jwt/v4 => ${GO_JWT}\n`;
const FILE: Record<RunnableLanguage | 'php', string> = { node: 'token.mjs', 'node-jsonwebtoken': 'token.mjs', python: 'issue_token.py', go: 'main.go', ruby: 'issue_token.rb', php: 'issue_token.php' };

export interface ProgramRun {
  status: number | null;
  stdout: string;
  stderr: string;
  /** Milliseconds spent building (Go) and running. */
  buildMs: number;
  runMs: number;
}

/** At most this many programs (or builds) at once; the rest wait their turn. */
const POOL_SIZE = Math.max(2, availableParallelism());
let running = 0;
const waiting: Array<() => void> = [];

async function pooled<T>(work: () => Promise<T>): Promise<T> {
  if (running >= POOL_SIZE) await new Promise<void>((resolveTurn) => waiting.push(resolveTurn));
  running += 1;
  try {
    return await work();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

interface Exec {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** A child process (never through a shell), its output whatever its exit code. */
function exec(command: string, args: string[], options: { cwd: string; env: Record<string, string>; timeout: number }): Promise<Exec> {
  return new Promise((resolveRun) => {
    execFile(command, args, { ...options, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, killSignal: 'SIGKILL' }, (error, stdout, stderr) => {
      const status = error === null ? 0 : typeof error.code === 'number' ? error.code : null;
      resolveRun({ status, stdout, stderr: `${stderr}${error && typeof error.code !== 'number' ? error.message : ''}` });
    });
  });
}

/** The work's result and how long it took (once its turn in the pool came). */
async function timed<T>(work: () => Promise<T>): Promise<T & { ms: number }> {
  const started = Date.now();
  const result = await work();
  return { ...result, ms: Date.now() - started };
}

export interface ProgramOptions {
  /** The file name to save the code as (default: the language's own, token.mjs for Node). */
  file?: string;
  /** Other files beside it (a package.json). */
  files?: Record<string, string>;
  /** Run it through a symlink of this name. */
  symlink?: string;
}

/** Writes the code into a fresh temporary folder, builds it (Go), runs it with `env` added, and removes the folder (PHP only as far as it runs without php-jwt). */
export async function runProgram(lang: RunnableLanguage | 'php', code: string, env: Record<string, string>, options: ProgramOptions = {}): Promise<ProgramRun> {
  const dir = mkdtempSync(join(tmpdir(), 'jwt-studio-code-'));
  try {
    const name = options.file ?? FILE[lang];
    writeFileSync(join(dir, name), code);
    for (const [file, text] of Object.entries(options.files ?? {})) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    if (options.symlink) symlinkSync(join(dir, name), join(dir, options.symlink));
    const script = options.symlink ?? name;
    // Only what the program needs: no variable of this process (a key of another test) leaks into it.
    const plain = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' };
    let buildMs = 0;
    let command: string;
    let args: string[];
    if (lang === 'go') {
      writeFileSync(join(dir, 'go.mod'), GO_MOD);
      const build = await pooled(() => timed(() => exec('go', ['build', '-o', 'program', '.'], { cwd: dir, env: { ...plain, ...goEnv() }, timeout: 180_000 })));
      buildMs = build.ms;
      if (build.status !== 0) return { status: build.status, stdout: build.stdout, stderr: `go build failed: ${build.stderr}`, buildMs, runMs: 0 };
      [command, args] = [join(dir, 'program'), []];
    } else if (lang === 'python') [command, args] = [PYTHON, [script]];
    else if (lang === 'ruby') [command, args] = ['ruby', [script]];
    else if (lang === 'php') [command, args] = ['php', [script]];
    else {
      symlinkSync(NODE_MODULES, join(dir, 'node_modules'), 'dir');
      [command, args] = [process.execPath, [script]];
    }
    const run = await pooled(() => timed(() => exec(command, args, { cwd: dir, env: { ...plain, ...env }, timeout: 60_000 })));
    return { status: run.status, stdout: run.stdout, stderr: run.stderr, buildMs, runMs: run.ms };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Printable ASCII, tabs and line feeds only: nothing in the code can hide text or change how it reads. */
function assertPlainCode(code: string): void {
  assert.ok(code.length > 200, code);
  assert.match(code, /^[\x20-\x7e\t\n]*$/);
}

/** `jwt-studio code` for a profile; fails unless it exits 0 with code on stdout. */
export async function generate(profile: string, lang: string, args: string[], cwd: string): Promise<{ code: string; stderr: string }> {
  const run = await runCli(['code', profile, '--lang', lang, ...args], { cwd });
  assert.equal(run.code, 0, run.stderr);
  assertPlainCode(run.stdout);
  return { code: run.stdout, stderr: run.stderr };
}

/** The presets of a workspace folder's `.vscode/jwt-presets`, after the built-in ones (as the command line reads them). */
export function workspacePresets(dir?: string): Preset[] {
  const folder = dir === undefined ? undefined : join(dir, '.vscode', 'jwt-presets');
  const user = folder && existsSync(folder) ? readdirSync(folder).filter((f) => f.endsWith('.yaml')).sort().map((f) => checkPreset(readFileSync(join(folder, f), 'utf8'), f).preset) : [];
  const own = user.filter((p): p is Preset => p !== undefined);
  return [...listPresets().filter((p) => !own.some((o) => o.id === p.id)), ...own];
}

/**
 * The same code in-process, for tests that are not about the command line: the profile read with the workspace's
 * presets, the kid from the key file as `code --key` takes it (a preset that requires one), a fixed kid, or none.
 */
export async function generateInProcess(profileText: string, lang: CodeLanguage, options: { keyFile?: string; kid?: string; workspace?: string; keyEnv?: string } = {}): Promise<{ code: string; notes: string[] }> {
  const parse = parseProfile(profileText, { presets: workspacePresets(options.workspace) });
  assert.deepEqual(parse.diagnostics.filter((d) => d.severity === 'error'), []);
  assert.ok(parse.preset);
  let kid = options.kid;
  if (kid === undefined && options.keyFile !== undefined && parse.preset.header?.kid === 'required') kid = (await coreKey(readFileSync(options.keyFile, 'utf8'), parse.profile.alg ?? parse.preset.alg.default)).kid;
  const made = integrationCode(parse.profile, parse.preset, lang, kid === undefined ? {} : { kid }, options.keyEnv === undefined ? {} : { keyEnv: options.keyEnv });
  if (!made.ok) assert.fail(made.error.message);
  assertPlainCode(made.code);
  return { code: made.code, notes: made.notes };
}

export interface Signed {
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
}

const signedRuns = new Map<string, Promise<Signed>>();

/** What `sign --json` signs for the profile, to compare a generated token with; one run per profile file and arguments. */
export function signedByCli(profile: string, keyArgs: string[], cwd: string): Promise<Signed> {
  const cacheKey = JSON.stringify([profile, keyArgs, cwd, existsSync(profile) ? readFileSync(profile, 'utf8') : '']);
  let signing = signedRuns.get(cacheKey);
  if (!signing) {
    signing = runCli(['sign', profile, ...keyArgs, '--json'], { cwd }).then((run) => {
      assert.equal(run.code, 0, run.stderr);
      return JSON.parse(run.stdout) as Signed;
    });
    signedRuns.set(cacheKey, signing);
  }
  return signing;
}

const TIMES = ['iat', 'nbf', 'exp', 'jti'];

function without(claims: Record<string, unknown>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([name]) => !names.includes(name)));
}

export interface CheckOptions {
  verify: { text: string; alg: string };
  before: number;
  after: number;
  ttl: number;
  profileText: string;
  embed: 'url' | 'snippet' | 'none';
  /** The profile's workspace, for its presets. */
  workspace?: string;
  /** Time claims the profile fixes (compared as written, not as times of the run). */
  fixedTimes?: string[];
}

/**
 * The checks every run shares: the program printed the token (and the URL or snippet), the core verifies the
 * token with `verify` (a public key or secret), its header and claims are `expected`'s apart from the times, the times are those of a
 * token made between `before` and `after` (seconds) with lifetime `ttl`, and the embed text is renderEmbed's.
 */
export async function checkRun(run: ProgramRun, expected: Signed, options: CheckOptions): Promise<string> {
  assert.equal(run.status, 0, `exit ${run.status}: ${run.stderr}`);
  assert.equal(run.stderr, '');
  const [token, ...rest] = run.stdout.replace(/\n$/, '').split('\n');
  assert.ok(token, run.stdout);
  const decoded = decodeToken(token);
  assert.ok(decoded.ok, 'the token decodes');
  if (!decoded.ok) return token;
  // The public key or secret, with the token's kid (a secret read from text has none of its own).
  const verifyKey = await coreKey(options.verify.text, options.verify.alg, decoded.token.kid);
  const verdict = await verifyToken(token, [verifyKey], { now: options.after * 1000 });
  assert.equal(verdict.signature, 'valid', verdict.message);
  assert.deepEqual({ ...decoded.token.header }, expected.header);
  const times = TIMES.filter((name) => !(options.fixedTimes ?? []).includes(name));
  const claims = { ...(decoded.token.claims ?? {}) } as Record<string, unknown>;
  assert.deepEqual(without(claims, times), without(expected.claims, times));
  for (const name of times) assert.equal(name in claims, name in expected.claims, `${name} is present in both or in neither`);
  for (const name of ['iat', 'nbf'].filter((n) => times.includes(n))) {
    if (!(name in claims)) continue;
    assert.ok((claims[name] as number) >= options.before && (claims[name] as number) <= options.after, `${name} ${String(claims[name])} is within the run`);
  }
  if ('exp' in claims && times.includes('exp')) {
    const exp = claims.exp as number;
    assert.ok(exp >= options.before + options.ttl && exp <= options.after + options.ttl, `exp ${exp} is now + ${options.ttl}`);
    if ('iat' in claims && times.includes('iat')) assert.equal(exp - (claims.iat as number), options.ttl);
  }
  if ('jti' in claims && times.includes('jti')) assert.match(String(claims.jti), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  const parse = parseProfile(options.profileText, { presets: workspacePresets(options.workspace) });
  assert.ok(parse.preset);
  if (options.embed === 'none') assert.deepEqual(rest, []);
  else {
    const rendered = renderEmbed(parse.preset, parse.profile.embed, token);
    assert.ok(rendered.ok, rendered.ok ? '' : rendered.error.message);
    const text = options.embed === 'url' ? rendered.url : Object.values(rendered.snippets)[0];
    assert.equal(rest.join('\n'), text);
  }
  return token;
}

/** A key as the core reads it (to verify with). */
export async function coreKey(text: string, alg: string, kid?: string): Promise<KeyMaterial> {
  const imported = await importKey(text, { alg: alg as KeyAlg, ...(kid === undefined ? {} : { kid }) });
  assert.ok(imported.ok, imported.ok ? '' : imported.error.message);
  return (imported as { keys: KeyMaterial[] }).keys[0] as KeyMaterial;
}

/** Seconds now. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

export function ensureDir(path: string): string {
  mkdirSync(path, { recursive: true });
  return path;
}
