// What the runtime's WebCrypto can do, found out by trying rather than by
// version number: ML-DSA (RFC 9964) is in some Node.js releases and not in
// others, and the editor's extension host runs whichever Node its release
// ships. Each ML-DSA parameter set is probed once, by importing a public key
// (all zero bytes encode a valid one) for verification.

import { base64url } from 'jose';
import { ALGORITHMS, isMlDsaAlg } from './algorithms';
import { labelledAlgorithm } from '../base/algNames';
import type { KeyAlg } from '../base/types';

const probes = new Map<string, Promise<boolean>>();

/** "Node 20.x" on Node.js, else "this runtime" (a browser, a web worker). */
export function runtimeName(): string {
  const node = (globalThis as { process?: { versions?: { node?: unknown } } }).process?.versions?.node;
  const major = typeof node === 'string' ? /^\d{1,4}/.exec(node)?.[0] : undefined;
  return major ? `Node ${major}.x` : 'this runtime';
}

/** Whether this runtime can use keys of `alg`: false only for an ML-DSA set its WebCrypto lacks. */
export function runtimeHas(alg: KeyAlg): Promise<boolean> {
  const bytes = ALGORITHMS[alg].akpPublicBytes;
  if (!isMlDsaAlg(alg) || bytes === undefined) return Promise.resolve(true);
  let probe = probes.get(alg);
  if (!probe) {
    probe = probeImport(alg, bytes);
    probes.set(alg, probe);
  }
  return probe;
}

async function probeImport(alg: string, bytes: number): Promise<boolean> {
  try {
    const subtle = globalThis.crypto?.subtle;
    if (!subtle) return false;
    const jwk = { kty: 'AKP', alg, pub: base64url.encode(new Uint8Array(bytes)) } as JsonWebKey;
    await subtle.importKey('jwk', jwk, { name: alg }, false, ['verify']);
    return true;
  } catch {
    return false;
  }
}

export type RuntimeUse = 'verify' | 'sign' | 'import' | 'generate' | 'export';

const DOING: Record<RuntimeUse, string> = {
  verify: 'cannot verify',
  sign: 'cannot sign with',
  import: 'cannot import',
  generate: 'cannot generate',
  export: 'cannot export',
};

/**
 * Why `alg` cannot be used here, or undefined when it can: "This runtime (Node 20.x) cannot verify
 * ML-DSA-65 (post-quantum signature, RFC 9964): its WebCrypto has no ML-DSA. …"
 */
export async function runtimeProblem(alg: KeyAlg, use: RuntimeUse): Promise<string | undefined> {
  if (await runtimeHas(alg)) return undefined;
  const what = use === 'verify' ? `${labelledAlgorithm(alg)} signatures` : use === 'sign' ? `an ${alg} key` : `${alg} keys (post-quantum, RFC 9964)`;
  const next =
    use === 'verify'
      ? 'The token is decoded but its signature is not checked; an editor whose extension host runs a Node.js with ML-DSA in WebCrypto (recent Node.js 24 releases have it) checks it.'
      : 'Use an editor whose extension host runs a Node.js with ML-DSA in WebCrypto (recent Node.js 24 releases have it).';
  return `This runtime (${runtimeName()}) ${DOING[use]} ${what}: its WebCrypto has no ML-DSA. ${next}`;
}
