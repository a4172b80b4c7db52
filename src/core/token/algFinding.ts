// The header rule for a signed token whose alg this tool never verifies: a
// name it does not know, one it knows but does not support (Ed448, ES256K),
// or an encryption algorithm in a three-part token. ML-DSA is not among them:
// whether it is checked depends on the runtime, which the verifier says.

import { knownUnsupportedAlgorithm } from '../base/algNames';
import { JWE_KEY_ALGS, JWS_ALGS } from '../base/types';
import type { Finding } from '../base/types';
import { visibleText } from '../text/json';
import type { HeaderFacts } from './findings';

const SIGNATURE_ALGS: readonly string[] = JWS_ALGS;
const ENCRYPTION_ALGS: readonly string[] = [...JWE_KEY_ALGS, 'RSA1_5'];

export function unsupportedAlg({ alg, isJwe, isNone }: HeaderFacts, out: Finding[]): void {
  if (isJwe || isNone || alg === undefined || alg === '' || SIGNATURE_ALGS.includes(alg)) return;
  const known = knownUnsupportedAlgorithm(alg);
  if (known) {
    out.push({ code: 'ALG_UNSUPPORTED', severity: 'info', where: 'header', message: `${known} The token is decoded; its signature is not checked.` });
    return;
  }
  const shown = JSON.stringify(visibleText(alg, 40));
  out.push({
    code: 'ALG_UNSUPPORTED',
    severity: 'warning',
    where: 'header',
    message: ENCRYPTION_ALGS.includes(alg)
      ? `The alg ${shown} is an encryption algorithm, but this is a signed token (three parts): no verifier checks it as a signature.`
      : `The alg ${shown} is not a signature algorithm this tool knows (HS*, RS*, PS*, ES*, EdDSA, Ed25519, ML-DSA-*): the token is decoded, but its signature cannot be checked here.`,
  });
}
