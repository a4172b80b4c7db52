// Helpers for the `keys` command tests: openssl, RFC 7638 thumbprints computed
// here with node:crypto (not with the code under test), and the parts of
// `keys generate`'s output.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { importKey } from '../../src/core/index';
import type { ImportKeyOptions, KeyMaterial } from '../../src/core/index';

export function openssl(args: readonly string[], input?: string): { status: number | null; stdout: string; stderr: string } {
  const run = spawnSync('openssl', args, { encoding: 'utf8', ...(input !== undefined ? { input } : {}) });
  if (run.error) throw new Error(`openssl is not available: ${run.error.message}`);
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The public key openssl derives from a private key file, as SPKI PEM. */
export function opensslPublicPem(file: string): string {
  const run = openssl(['pkey', '-in', file, '-pubout']);
  assert.equal(run.status, 0, run.stderr);
  return run.stdout;
}

/** RFC 7638: SHA-256 over the required public members, in lexicographic order, as base64url. */
export function thumbprintOf(publicPem: string): string {
  const jwk = createPublicKey(publicPem).export({ format: 'jwk' }) as Record<string, string>;
  const members = jwk.kty === 'RSA' ? ['e', 'kty', 'n'] : jwk.kty === 'EC' ? ['crv', 'kty', 'x', 'y'] : ['crv', 'kty', 'x'];
  const canonical = `{${members.map((m) => `${JSON.stringify(m)}:${JSON.stringify(jwk[m])}`).join(',')}}`;
  return createHash('sha256').update(canonical).digest('base64url');
}

/** The kid line and the PEM block of `keys generate`'s text output. */
export function generatedOutput(stdout: string): { kid: string; publicPem?: string } {
  const kid = /^kid: (.+)$/m.exec(stdout)?.[1];
  assert.ok(kid, `no kid line in:\n${stdout}`);
  const begin = stdout.indexOf('-----BEGIN PUBLIC KEY-----');
  const endMarker = '-----END PUBLIC KEY-----\n';
  const end = stdout.indexOf(endMarker);
  return begin < 0 ? { kid } : { kid, publicPem: stdout.slice(begin, end + endMarker.length) };
}

/** The lines of a PEM's base64 body: none of them may show up in the program's output. */
export function pemBodyLines(pem: string): string[] {
  return pem.split('\n').filter((line) => line !== '' && !line.startsWith('-----'));
}

export function assertNotShown(secretParts: readonly string[], ...outputs: string[]): void {
  for (const part of secretParts) for (const output of outputs) assert.ok(!output.includes(part), 'private key material reached stdout or stderr');
}

/** A key read by the core the way `--key FILE` reads it. */
export async function coreKey(text: string, options: ImportKeyOptions = {}): Promise<KeyMaterial> {
  const imported = await importKey(text, options);
  if (!imported.ok) assert.fail(imported.error.message);
  assert.equal(imported.keys.length, 1);
  return imported.keys[0] as KeyMaterial;
}
