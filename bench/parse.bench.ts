// The parse budget: every workspace file up to 1 MB is parsed or refused in
// under 100 ms and 50 MB. The worst input of each class of hostile workspace
// text (lifetimes and preset patterns; YAML aliases, keys, nesting and tokens;
// key import) runs through the operation that reads it — parseProfile,
// editProfile, the Token Editor's model, checkPreset, importKey — beside the
// same operation on a typical profile, preset and key in the same run.
// Time: median of 7 runs after 2 warm-ups, CPU time for the synchronous
// operations and wall time for importKey (WebCrypto works on other threads).
// Memory: the heap the operation allocates on its first run, in a fresh
// process with a young generation large enough that nothing is collected
// during the call (so the figure is an upper bound of what it holds at once),
// plus ArrayBuffer memory.
// Run: node --expose-gc --import tsx bench/parse.bench.ts

import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { checkPreset, editProfile, editorModel, importKey, listPresets, parsePreset, parseProfile } from '../src/core';
import type { Preset, ProfileKeyInfo } from '../src/core';
import { median, report } from './benchReport';
import { keyPair } from '../test/keyPairs';

const BUDGET_MS = 100;
const BUDGET_MB = 50;
const MB = 1_000_000;
const RUNS = 7;
const WARMUP = 2;

// ---------------------------------------------------------------- inputs

const once = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => (value ??= make());
};

const ring: ProfileKeyInfo[] = [{ id: 'ap-demo-2026', alg: 'RS256', use: 'sig', kty: 'RSA', hasPrivate: true, kid: 'ap-demo-2026' }, { id: 'hs', alg: 'HS256', use: 'sig', kty: 'oct', hasPrivate: true }];
const builtins = listPresets();

const typicalProfile = once(() => readFileSync('samples/profiles/activepieces.jwt.yaml', 'utf8'));
const typicalPreset = once(() => readFileSync('presets/activepieces.json', 'utf8'));

/** Lines until the text would pass `size` characters. */
function fill(head: string, line: (i: number) => string, size = MB): string {
  const parts = [head];
  let length = head.length;
  for (let i = 0; ; i++) {
    const next = line(i);
    if (length + next.length > size) break;
    parts.push(next);
    length += next.length;
  }
  return parts.join('');
}

const presetJson = (claims: object, extra: object = {}): string => JSON.stringify({ id: 'hostile', name: 'Hostile', alg: { default: 'HS256', allowed: ['HS256'] }, lifetime: { default: '5m' }, claims, ...extra });

const ttlSpaces = once(() => `preset: generic\nkey: hs\nttl: "1${' '.repeat(MB - 40)}x"\n`);
const presetLifetimeSpaces = once(() => presetJson({ type: 'object' }, { lifetime: { default: `1${' '.repeat(MB - 200)}x` } }));
const nestedQuantifierPreset = once(() => presetJson({ type: 'object', properties: { sub: { type: 'string', pattern: '^(a+)+$' } } }));
const nestedQuantifierProfile = once(() => `preset: hostile\nkey: hs\nclaims:\n  sub: ${'a'.repeat(MB - 60)}b\n`);
const blowUpPreset = once(() => presetJson({ type: 'object', properties: { sub: { type: 'string', pattern: '[ab]*a[ab]{40}c' } } }));
const blowUpProfile = once(() => {
  let value = '';
  for (let i = 0, x = 7; i < MB - 60; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    value += x & 0x10000 ? 'a' : 'b';
  }
  return `preset: hostile\nkey: hs\nclaims:\n  sub: ${value}\n`;
});
const backreferencePreset = once(() => presetJson({ type: 'object', properties: { sub: { type: 'string', pattern: '^(a+)\\1$' } } }));

const userPreset = (text: string): Preset => {
  const parsed = parsePreset(text, 'hostile.json');
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.preset;
};
const nestedQuantifierPresets = once(() => [...builtins, userPreset(nestedQuantifierPreset())]);
const blowUpPresets = once(() => [...builtins, userPreset(blowUpPreset())]);

const aliases = once(() => fill('preset: generic\nkey: hs\nclaims:\n  a: &b x\n', (i) => `  c${i}: *b\n`));
const manyKeys = once(() => fill('preset: generic\nkey: hs\nclaims:\n', (i) => `  k${i}: 1\n`));
const aliasesFlow = once(() => fill('preset: generic\nkey: hs\nclaims:\n  a: &b x\n  c: [*b', () => ', *b', MB - 2) + ']\n');
const keysFlow = once(() => fill('preset: generic\nkey: hs\nclaims: {k: 1', (i) => `, k${i}: 1`, MB - 2) + '}\n');
const commas = once(() => `preset: generic\nkey: hs\nclaims:\n  a: [${','.repeat(MB - 40)}]\n`);
const deepFlow = once(() => `preset: generic\nkey: hs\nclaims:\n  a: ${'['.repeat(MB / 2 - 40)}${']'.repeat(MB / 2 - 40)}\n`);
const blankLines = once(() => `preset: generic\nkey: hs\n${'\n'.repeat(MB - 30)}`);
const unknownClaims = once(() => `preset: strict\nkey: hs\nclaims:\n${Array.from({ length: 3_990 }, (_, i) => `  u${i}: 1\n`).join('')}`);
const strictPresets = once(() => [...builtins, userPreset(JSON.stringify({ id: 'strict', name: 'Strict', alg: { default: 'HS256', allowed: ['HS256'] }, lifetime: { default: '5m' }, claims: { type: 'object', properties: { sub: { type: 'string' } }, additionalProperties: false } }))]);
const largestProfile = once(() => `preset: generic\nkey: hs\nclaims:\n${Array.from({ length: 3_990 }, (_, i) => `  claim${i}: value ${i}\n`).join('')}`);
// ajv's compile time grows fastest with the branches of an anyOf: the costliest preset under the preset limits.
const largestPreset = once(() => presetJson({ anyOf: Array.from({ length: 490 }, (_, i) => ({ required: [`p${i}`] })) }));

// Class 6: keys. A typical RSA 2048 key, an RSA key whose modulus fills the 1 MB input, and JWK Sets of P-521 private keys.
const rsaPem = once(() => keyPair('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
function derLength(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return [0x80 | bytes.length, ...bytes];
}
const der = (tag: number, body: number[] | Uint8Array): number[] => [tag, ...derLength(body.length), ...body];
const hugeModulus = once(() => {
  const n = new Uint8Array(700_000).fill(0xc5);
  n[n.length - 1] = 0xc7;
  return n;
});
const hugeRsaPem = once(() => {
  const n = hugeModulus();
  const modulus = [0x02, ...derLength(n.length + 1), 0x00];
  const rsaKey: number[] = [];
  rsaKey.push(...modulus);
  for (const b of n) rsaKey.push(b);
  rsaKey.push(0x02, 0x03, 0x01, 0x00, 0x01);
  const algorithm = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
  const sequence = der(0x30, rsaKey);
  const bitString = [0x03, ...derLength(sequence.length + 1), 0x00];
  const spkiBody = [...algorithm, ...bitString];
  for (const b of sequence) spkiBody.push(b);
  const spki = Buffer.from(der(0x30, spkiBody)).toString('base64');
  return `-----BEGIN PUBLIC KEY-----\n${spki.replace(/.{64}/g, '$&\n')}\n-----END PUBLIC KEY-----\n`;
});
const hugeRsaJwk = once(() => JSON.stringify({ kty: 'RSA', n: Buffer.from(hugeModulus()).toString('base64url'), e: 'AQAB' }));
const p521Set = (count: number): string => JSON.stringify({ keys: Array.from({ length: count }, (_, i) => ({ ...keyPair('ec', { namedCurve: 'P-521' }).privateKey.export({ format: 'jwk' }), kid: `k${i}`, alg: 'ES512', use: 'sig' })) });
const p521Set1000 = once(() => p521Set(1000));
const p521Set100 = once(() => p521Set(100));

// ---------------------------------------------------------------- cases

type Outcome = { ok: boolean; text: string };
interface Case {
  id: string;
  what: string;
  /** The typical case this one is compared with (same operation). */
  typical?: string;
  /** Input size in characters, for the row. */
  size: () => number;
  run: () => unknown;
  outcome: (result: unknown) => Outcome;
}

const profileOutcome = (r: unknown): Outcome => {
  const d = (r as ReturnType<typeof parseProfile>).diagnostics.filter((x) => x.severity === 'error');
  return d.length === 0 ? { ok: true, text: 'read, no error' } : { ok: false, text: `${d[0]?.code}${d.length > 1 ? ` (+${d.length - 1})` : ''}: ${d[0]?.message.slice(0, 90)}` };
};
const presetOutcome = (r: unknown): Outcome => profileOutcome(r);
const editOutcome = (r: unknown): Outcome => {
  const e = r as ReturnType<typeof editProfile>;
  return e.ok ? { ok: true, text: `${e.edits.length} edit(s)` } : { ok: false, text: `${e.error.code}: ${e.error.message.slice(0, 90)}` };
};
const modelOutcome = (r: unknown): Outcome => {
  const m = r as ReturnType<typeof editorModel>;
  return m.editable ? { ok: true, text: `editable, ${m.claims.length} claim rows` } : { ok: false, text: `not editable: ${(m.problem ?? '').slice(0, 90)}` };
};
const keyOutcome = (r: unknown): Outcome => {
  const k = r as Awaited<ReturnType<typeof importKey>>;
  return k.ok ? { ok: true, text: `${k.keys.length} key(s): ${k.recognised.slice(0, 60)}` } : { ok: false, text: `${k.error.code}: ${k.error.message.slice(0, 90)}` };
};

const parse = (text: () => string, presets?: () => Preset[]) => () => parseProfile(text(), { presets: presets?.() ?? builtins, keys: ring });
const edit = (text: () => string) => () => editProfile(text(), { op: 'set', path: ['ttl'], value: '5m' });
const model = (text: () => string) => () => editorModel(text(), { presets: builtins, keys: ring, now: 1_700_000_000_000 });
const check = (text: () => string) => () => checkPreset(text(), 'hostile.json');
const len = (text: () => string) => () => text().length;

const CASES: Case[] = [
  // typical files, the baselines
  { id: 'typical-parse', what: 'typical profile (samples/profiles/activepieces.jwt.yaml): parseProfile', size: len(typicalProfile), run: parse(typicalProfile), outcome: profileOutcome },
  { id: 'typical-edit', what: 'typical profile: editProfile (set ttl)', size: len(typicalProfile), run: edit(typicalProfile), outcome: editOutcome },
  { id: 'typical-model', what: 'typical profile: Token Editor model', size: len(typicalProfile), run: model(typicalProfile), outcome: modelOutcome },
  { id: 'typical-preset', what: 'typical preset (presets/activepieces.json, the largest built-in): checkPreset', size: len(typicalPreset), run: check(typicalPreset), outcome: presetOutcome },
  { id: 'typical-key', what: 'typical key (RSA 2048 PKCS#8 PEM): importKey', size: len(rsaPem), run: () => importKey(rsaPem()), outcome: keyOutcome },
  // class 1: lifetimes and patterns
  { id: 'ttl-spaces', what: 'class 1: profile ttl "1<1 MB of spaces>x": parseProfile', typical: 'typical-parse', size: len(ttlSpaces), run: parse(ttlSpaces), outcome: profileOutcome },
  { id: 'lifetime-spaces', what: 'class 1: preset lifetime.default "1<1 MB of spaces>x": checkPreset', typical: 'typical-preset', size: len(presetLifetimeSpaces), run: check(presetLifetimeSpaces), outcome: presetOutcome },
  { id: 'pattern-nested', what: 'class 1: 1 MB claim against the preset pattern ^(a+)+$: parseProfile', typical: 'typical-parse', size: len(nestedQuantifierProfile), run: parse(nestedQuantifierProfile, nestedQuantifierPresets), outcome: profileOutcome },
  { id: 'pattern-blowup', what: 'class 1: 1 MB claim against [ab]*a[ab]{40}c (exponential as a DFA): parseProfile', typical: 'typical-parse', size: len(blowUpProfile), run: parse(blowUpProfile, blowUpPresets), outcome: profileOutcome },
  { id: 'pattern-backref', what: 'class 1: preset pattern ^(a+)\\1$ (backreference): checkPreset', typical: 'typical-preset', size: len(backreferencePreset), run: check(backreferencePreset), outcome: presetOutcome },
  // class 2: YAML
  { id: 'aliases-parse', what: 'class 2: 1 MB of aliases (c1: *b): parseProfile', typical: 'typical-parse', size: len(aliases), run: parse(aliases), outcome: profileOutcome },
  { id: 'aliases-edit', what: 'class 2: 1 MB of aliases: editProfile', typical: 'typical-edit', size: len(aliases), run: edit(aliases), outcome: editOutcome },
  { id: 'aliases-preset', what: 'class 2: 1 MB of aliases: checkPreset', typical: 'typical-preset', size: len(aliases), run: check(aliases), outcome: presetOutcome },
  { id: 'aliases-flow-parse', what: 'class 2: 1 MB of aliases on one line ([*b, *b, …]): parseProfile', typical: 'typical-parse', size: len(aliasesFlow), run: parse(aliasesFlow), outcome: profileOutcome },
  { id: 'aliases-flow-edit', what: 'class 2: 1 MB of aliases on one line: editProfile', typical: 'typical-edit', size: len(aliasesFlow), run: edit(aliasesFlow), outcome: editOutcome },
  { id: 'aliases-flow-preset', what: 'class 2: 1 MB of aliases on one line: checkPreset', typical: 'typical-preset', size: len(aliasesFlow), run: check(aliasesFlow), outcome: presetOutcome },
  { id: 'keys-parse', what: 'class 2: 1 MB of keys (k1: 1): parseProfile', typical: 'typical-parse', size: len(manyKeys), run: parse(manyKeys), outcome: profileOutcome },
  { id: 'keys-edit', what: 'class 2: 1 MB of keys: editProfile', typical: 'typical-edit', size: len(manyKeys), run: edit(manyKeys), outcome: editOutcome },
  { id: 'keys-model', what: 'class 2: 1 MB of keys: Token Editor model', typical: 'typical-model', size: len(manyKeys), run: model(manyKeys), outcome: modelOutcome },
  { id: 'keys-preset', what: 'class 2: 1 MB of keys: checkPreset', typical: 'typical-preset', size: len(manyKeys), run: check(manyKeys), outcome: presetOutcome },
  { id: 'keys-flow-parse', what: 'class 2: 1 MB of keys on one line ({k1: 1, …}): parseProfile', typical: 'typical-parse', size: len(keysFlow), run: parse(keysFlow), outcome: profileOutcome },
  { id: 'keys-flow-edit', what: 'class 2: 1 MB of keys on one line: editProfile', typical: 'typical-edit', size: len(keysFlow), run: edit(keysFlow), outcome: editOutcome },
  { id: 'keys-flow-model', what: 'class 2: 1 MB of keys on one line: Token Editor model', typical: 'typical-model', size: len(keysFlow), run: model(keysFlow), outcome: modelOutcome },
  { id: 'keys-flow-preset', what: 'class 2: 1 MB of keys on one line: checkPreset', typical: 'typical-preset', size: len(keysFlow), run: check(keysFlow), outcome: presetOutcome },
  { id: 'deep-parse', what: 'class 2: flow sequence nested 500 000 deep: parseProfile', typical: 'typical-parse', size: len(deepFlow), run: parse(deepFlow), outcome: profileOutcome },
  { id: 'deep-edit', what: 'class 2: flow sequence nested 500 000 deep: editProfile', typical: 'typical-edit', size: len(deepFlow), run: edit(deepFlow), outcome: editOutcome },
  { id: 'deep-preset', what: 'class 2: flow sequence nested 500 000 deep: checkPreset', typical: 'typical-preset', size: len(deepFlow), run: check(deepFlow), outcome: presetOutcome },
  { id: 'blank-parse', what: 'class 2: 1 MB of blank lines: parseProfile', typical: 'typical-parse', size: len(blankLines), run: parse(blankLines), outcome: profileOutcome },
  { id: 'commas-parse', what: 'class 2: 1 MB of commas in one flow sequence (tokens): parseProfile', typical: 'typical-parse', size: len(commas), run: parse(commas), outcome: profileOutcome },
  { id: 'commas-edit', what: 'class 2: 1 MB of commas: editProfile', typical: 'typical-edit', size: len(commas), run: edit(commas), outcome: editOutcome },
  { id: 'largest-parse', what: 'class 2: largest profile read (3 990 claims, just under 8 000 values): parseProfile', typical: 'typical-parse', size: len(largestProfile), run: parse(largestProfile), outcome: profileOutcome },
  { id: 'largest-edit', what: 'class 2: largest profile read: editProfile', typical: 'typical-edit', size: len(largestProfile), run: edit(largestProfile), outcome: editOutcome },
  { id: 'largest-model', what: 'class 2: largest profile read: Token Editor model', typical: 'typical-model', size: len(largestProfile), run: model(largestProfile), outcome: modelOutcome },
  { id: 'unknown-parse', what: 'class 2: 3 990 claims a strict preset does not know (one diagnostic each): parseProfile', typical: 'typical-parse', size: len(unknownClaims), run: parse(unknownClaims, strictPresets), outcome: profileOutcome },
  { id: 'unknown-model', what: 'class 2: 3 990 claims a strict preset does not know: Token Editor model', typical: 'typical-model', size: len(unknownClaims), run: () => editorModel(unknownClaims(), { presets: strictPresets(), keys: ring, now: 1_700_000_000_000 }), outcome: modelOutcome },
  { id: 'largest-preset', what: 'class 2: costliest preset read (anyOf of 490 branches, just under 2 000 values): checkPreset', typical: 'typical-preset', size: len(largestPreset), run: check(largestPreset), outcome: presetOutcome },
  // class 6: keys
  { id: 'rsa-huge-pem', what: 'class 6: RSA SPKI PEM with a 5.6 Mbit modulus (1 MB): importKey', typical: 'typical-key', size: len(hugeRsaPem), run: () => importKey(hugeRsaPem()), outcome: keyOutcome },
  { id: 'rsa-huge-jwk', what: 'class 6: RSA JWK with a 5.6 Mbit modulus: importKey', typical: 'typical-key', size: len(hugeRsaJwk), run: () => importKey(hugeRsaJwk()), outcome: keyOutcome },
  { id: 'p521-1000', what: 'class 6: JWK Set of 1 000 P-521 private keys: importKey', typical: 'typical-key', size: len(p521Set1000), run: () => importKey(p521Set1000()), outcome: keyOutcome },
  { id: 'p521-100', what: 'class 6: JWK Set of 100 P-521 private keys: importKey', typical: 'typical-key', size: len(p521Set100), run: () => importKey(p521Set100()), outcome: keyOutcome },
];

// ---------------------------------------------------------------- measuring

const isAsync = (c: Case): boolean => c.id === 'typical-key' || c.id.startsWith('rsa') || c.id.startsWith('p521');

async function once_(c: Case): Promise<[number, unknown]> {
  if (isAsync(c)) {
    const t0 = performance.now();
    const value = await c.run();
    return [performance.now() - t0, value];
  }
  const c0 = process.cpuUsage();
  const value = c.run();
  const used = process.cpuUsage(c0);
  return [(used.user + used.system) / 1000, value];
}

async function timeCase(c: Case): Promise<{ ms: number; outcome: Outcome }> {
  c.size(); // build the input outside the measurement
  let last: unknown;
  for (let r = 0; r < WARMUP; r++) last = (await once_(c))[1];
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const [ms, value] = await once_(c);
    times.push(ms);
    last = value;
  }
  return { ms: median(times), outcome: c.outcome(last) };
}

/** In this (fresh) process: heap and ArrayBuffer memory allocated by the first run of one case. */
async function memoryOfCase(c: Case): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  c.size();
  gc();
  gc();
  const before = process.memoryUsage();
  const result = c.run();
  const mid = process.memoryUsage();
  await result;
  const after = process.memoryUsage();
  const heap = Math.max(mid.heapUsed, after.heapUsed) - before.heapUsed;
  const buffers = Math.max(0, Math.max(mid.arrayBuffers, after.arrayBuffers) - before.arrayBuffers);
  console.log(JSON.stringify({ mb: (heap + buffers) / 1024 / 1024 }));
}

function memoryInFreshProcess(c: Case): number | undefined {
  const run = spawnSync(process.execPath, ['--expose-gc', '--max-semi-space-size=256', '--import', 'tsx', 'bench/parse.bench.ts', '--memory', c.id], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 120_000 });
  const line = run.stdout.split('\n').find((l) => l.startsWith('{"mb"'));
  if (!line) {
    process.stderr.write(`memory of ${c.id}: ${run.error ? `${run.error.message}; ` : ''}${run.stderr.slice(0, 400)}\n`);
    return undefined;
  }
  return (JSON.parse(line) as { mb: number }).mb;
}

const SHORTFALL: Record<string, string> = {
  'rsa-huge-pem': 'The PEM is decoded and its DER read before the modulus size is checked; checking the INTEGER length in the DER header first would refuse it without reading the modulus.',
  'p521-100': 'Each private key is checked against its public half (a P-521 signature and verification, a few milliseconds each); a lower private-key limit per set, or checking in a worker, would bring it under the budget.',
};

async function main(): Promise<void> {
  const memoryFlag = process.argv.indexOf('--memory');
  if (memoryFlag >= 0) {
    const c = CASES.find((x) => x.id === process.argv[memoryFlag + 1]);
    if (!c) throw new Error('unknown case');
    await memoryOfCase(c);
    return;
  }
  console.log(`${cpus()[0]?.model ?? 'CPU'}, ${cpus().length} cores, Node ${process.version}; budget ${BUDGET_MS} ms and ${BUDGET_MB} MB per file`);
  const typical = new Map<string, number>();
  for (const c of CASES) {
    const { ms, outcome } = await timeCase(c);
    const mb = memoryInFreshProcess(c);
    if (!c.typical) typical.set(c.id, ms);
    const base = c.typical ? typical.get(c.typical) : undefined;
    const times = base ? ` (${(ms / base).toFixed(1)}× typical)` : '';
    const size = `${(c.size() / 1000).toFixed(0)} KB`;
    console.log(`${c.what} [${size}]: ${ms.toFixed(2)} ms${times}, ratio ${(BUDGET_MS / ms).toFixed(1)} of the ${BUDGET_MS} ms budget; ${mb === undefined ? '?' : mb.toFixed(1)} MB, ratio ${mb === undefined ? '?' : (BUDGET_MB / Math.max(mb, 0.01)).toFixed(1)} of ${BUDGET_MB} MB — ${outcome.text}`);
    const note = `${size}; ${outcome.text}${base ? `; ${(ms / base).toFixed(1)}× the typical file's ${base.toFixed(2)} ms` : ''}`;
    report({ section: 'Parse budget (workspace files up to 1 MB)', row: `${c.what}, time`, value: ms, ...(base !== undefined ? { baseline: base } : {}), ratio: BUDGET_MS / ms, unit: 'ms', against: `${BUDGET_MS} ms budget`, goal: { maxValue: BUDGET_MS }, shortfall: SHORTFALL[c.id] ?? 'Over the budget: see the outcome in the note.', note });
    if (mb !== undefined) report({ section: 'Parse budget (workspace files up to 1 MB)', row: `${c.what}, memory`, value: mb, ratio: BUDGET_MB / Math.max(mb, 0.01), unit: 'MB', against: `${BUDGET_MB} MB budget`, goal: { maxValue: BUDGET_MB }, shortfall: 'Over the memory budget on its first run.', note: 'heap and ArrayBuffers allocated by the first run in a fresh process (nothing collected during the call)' });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
