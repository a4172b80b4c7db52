// `mint`: many tokens from one profile, streamed to stdout. The core signs the
// first token (its warnings are said once) and the fast path must produce the
// same signing input, and for deterministic algorithms the same token, before
// it is used: the profile's signing inputs from a plan (mintPlan.ts), signed
// with node:crypto (nodeSigner.ts), HMAC at once and key pairs on the thread
// pool. Encrypted profiles, and any profile the fast path cannot follow, are
// signed by the core token by token.

import { randomUUID } from 'node:crypto';
import { CliError, EXIT } from './errors';
import { nodeSigner } from './nodeSigner';
import { planTokens } from './mintPlan';
import { signProfileOnce, type SigningSetup } from './profileSigning';

/** Where tokens go: io.Output (stdout with back-pressure, `gone` once the reader has left). */
export interface TokenSink {
  readonly gone: boolean;
  write(text: string): Promise<void>;
}

/** Tokens made one after another: at once, or as promises of which `window` may be under way together. */
export type TokenSource = { now: () => string } | { later: () => Promise<string>; window: number };

/** Output is handed over in pieces of about this many characters. */
const CHUNK_CHARS = 64 * 1024;
/** Signatures under way at once on the thread pool (libuv's default pool has 4 threads). */
const POOL_WINDOW = 16;
/** Tokens the core signs (and encrypts) under way at once. */
const CORE_WINDOW = 16;
const CHECK_ID = '00000000-0000-4000-8000-0000000000c0';

export const MAX_COUNT = 10_000_000;

/** `--count`: a whole number from 1 to MAX_COUNT, written in plain digits. */
export function parseCount(text: string | undefined): number | undefined {
  if (text === undefined || !/^[0-9]{1,9}$/.test(text)) return undefined;
  const count = Number(text);
  return count >= 1 && count <= MAX_COUNT ? count : undefined;
}

/** Hands the text to the sink, then lets pending events run (an EPIPE is reported after the write that met it). */
async function flush(out: TokenSink, text: string): Promise<void> {
  await out.write(text);
  await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Writes `count` tokens from `source`, one per line, in order; stops early, quietly, when the reader has gone. Returns how many were handed over. */
export async function mintTokens(count: number, source: TokenSource, out: TokenSink): Promise<number> {
  let chunk = '';
  let written = 0;
  if ('now' in source) {
    const next = source.now;
    while (written < count) {
      chunk += `${next()}\n`;
      written++;
      if (chunk.length >= CHUNK_CHARS) {
        await flush(out, chunk);
        chunk = '';
        if (out.gone) return written;
      }
    }
  } else {
    const pending: Promise<string>[] = [];
    let made = 0;
    while (written < count) {
      while (made < count && made - written < source.window) {
        const token = source.later();
        // Awaited in order below; until then a failure must not count as unhandled.
        token.catch(() => undefined);
        pending.push(token);
        made++;
      }
      chunk += `${await (pending.shift() as Promise<string>)}\n`;
      written++;
      if (chunk.length >= CHUNK_CHARS) {
        await flush(out, chunk);
        chunk = '';
        if (out.gone) return written;
      }
    }
  }
  if (chunk !== '') await flush(out, chunk);
  return written;
}

function coreSource(setup: SigningSetup): TokenSource {
  return { later: async () => (await signProfileOnce(setup)).token, window: CORE_WINDOW };
}

/** The fastest source that agrees with the core for this profile and key. */
export async function mintSource(setup: SigningSetup): Promise<TokenSource> {
  const now = Date.now();
  const reference = await signProfileOnce(setup, now, () => CHECK_ID);
  if (setup.recipient) return coreSource(setup);
  const planned = planTokens(setup.profile, setup.preset, setup.key, now);
  if (!planned.ok) throw new CliError(`${setup.path}: ${planned.error.message}`, EXIT.invalid);
  const made = await nodeSigner(setup.key);
  if (!made.ok) return coreSource(setup);
  const { plan } = planned;
  const { signer } = made;
  const input = plan.input(now, () => CHECK_ID);
  const token = reference.signed.token;
  const agrees = token.startsWith(`${input}.`) && (!signer.deterministic || signer.token(input) === token);
  if (!agrees) {
    if (process.env.JWT_STUDIO_DEBUG === '1') setup.warn('the node:crypto path disagreed with the core for this profile; every token is signed by the core');
    return coreSource(setup);
  }
  const tokenLater = signer.tokenLater;
  if (tokenLater) return { later: () => tokenLater(plan.input(Date.now(), randomUUID)), window: POOL_WINDOW };
  return { now: () => signer.token(plan.input(Date.now(), randomUUID)) };
}
