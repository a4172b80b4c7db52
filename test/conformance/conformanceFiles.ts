// The conformance material the tests walk, kept in the repository under
// test/fixtures/conformance/ (see its README for where each file comes from).
// Found relative to this file, so the tests pass from any working directory.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const dir = path.resolve(__dirname, '..', 'fixtures', 'conformance');

export function conformanceDir(): string {
  if (!existsSync(path.join(dir, 'jose-vectors.json'))) {
    throw new Error(`Conformance fixtures not found in ${dir}: the checkout is incomplete (git status shows what is missing).`);
  }
  return dir;
}

export interface JoseVector {
  id: string;
  source: string;
  kind: 'jwt' | 'jws' | 'jwe';
  alg: string;
  enc?: string;
  token: string;
  key: Record<string, unknown> | string | null;
  privateKey?: Record<string, unknown>;
  secretB64u?: string;
  password?: string;
  detachedPayload?: string;
  options?: { algorithms?: string[]; currentDate?: string; keyManagementAlgorithms?: string[]; contentEncryptionAlgorithms?: string[] };
  expected: { valid: boolean; header?: Record<string, unknown>; payload?: unknown; payloadText?: string; error?: string };
  joseSupported?: boolean;
  notes?: string;
}

export function loadVectors(): JoseVector[] {
  return JSON.parse(readFileSync(path.join(conformanceDir(), 'jose-vectors.json'), 'utf8')) as JoseVector[];
}

export function readJson(relative: string): unknown {
  return JSON.parse(readFileSync(path.join(conformanceDir(), relative), 'utf8'));
}

/** All .json files under a folder of the conformance dir, relative paths, sorted. */
export function jsonFilesUnder(relative: string): string[] {
  const root = path.join(conformanceDir(), relative);
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.json')) out.push(path.relative(conformanceDir(), full));
    }
  };
  walk(root);
  return out;
}

/** The A.1 HMAC key used throughout hostile-inputs.md. */
export const RFC7515_A1_K = 'AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow';
