// The hover's "Certificate chain (x5c)" section: each certificate's subject,
// issuer and validity, where the chain does not link, and what the chain is
// worth here. The certificates are read by keys/x5c.ts (the one place
// token/ reads keys/: DER only, no jose); the verifier never uses them, so
// the verdict rests on whether the leaf holds the key that verified the
// signature, which came from the ring or a trusted issuer.

import type { Jwk } from '../base/types';
import { visibleText } from '../text/json';
import { samePublicKey } from '../keys/spkiJwk';
import { readX5c } from '../keys/x5c';
import type { ChainCertificate } from '../keys/x5c';
import { nameText, sameName } from '../keys/x509Names';
import type { DistinguishedName } from '../keys/x509Names';
import { member } from './compactParts';
import type { DecodedToken } from './decode';
import type { HoverBlock } from './hoverBlocks';
import type { SignatureState } from './insights';
import { formatDuration } from './times';

export const X5C_HEADING = 'Certificate chain (x5c)';
/** Characters of one Name on hover (RFC 5280's upper bounds add up to a few hundred for the usual attributes). */
const MAX_NAME_CHARS = 300;

const shownName = (name: DistinguishedName): string => visibleText(nameText(name), MAX_NAME_CHARS);
const iso = (date: Date | undefined): string => (date ? date.toISOString().replace('.000Z', 'Z') : 'an unreadable time');

/** "Validity 2026-01-01T00:00:00Z → 2026-07-01T00:00:00Z: expires in 121 days", with a warning when it is not valid now. */
function validityLine(cert: ChainCertificate, now: number): HoverBlock {
  const { notBefore, notAfter } = cert;
  const span = `Validity ${iso(notBefore)} → ${iso(notAfter)}`;
  if (!notBefore || !notAfter) return { kind: 'line', icon: 'warning', text: `${span}: its validity cannot be read` };
  const nowSeconds = Math.floor(now / 1000);
  const before = Math.floor(notBefore.getTime() / 1000) - nowSeconds;
  const after = Math.floor(notAfter.getTime() / 1000) - nowSeconds;
  if (before > 0) return { kind: 'line', icon: 'warning', text: `${span}: not yet valid, starts in ${formatDuration(before)}` };
  if (after <= 0) return { kind: 'line', icon: 'warning', text: `${span}: expired ${after === 0 ? 'just now' : `${formatDuration(after)} ago`}` };
  return { kind: 'line', text: `${span}: expires in ${formatDuration(after)}` };
}

type Verdict = { icon: 'info' | 'warning'; text: string };

/**
 * What the chain is worth: only a leaf holding the key that verified the signature ties it to anything.
 * `verifyingKey` counts only when the signature verified: a key that was tried and failed verified nothing.
 */
function chainVerdict(leaf: ChainCertificate, signature: SignatureState | undefined, verifyingKey: Jwk | undefined): Verdict {
  const verified = signature?.status === 'verified' || signature?.status === 'not-intact';
  if (verifyingKey && verified) {
    if (!leaf.publicKey) return { icon: 'warning', text: "The chain was not checked: the leaf certificate's key is of a kind this tool does not read." };
    if (samePublicKey(leaf.publicKey, verifyingKey)) {
      return { icon: 'info', text: "The leaf certificate holds the key that verified the signature; no certificate's signature is checked, and the chain is not checked against any root." };
    }
    return { icon: 'warning', text: 'The chain was not checked: the leaf certificate holds a different key from the one that verified the signature.' };
  }
  switch (signature?.status) {
    case 'pending':
      return { icon: 'info', text: 'The chain is not checked yet: the signature is being checked.' };
    case 'verified':
    case 'not-intact':
      return { icon: 'info', text: 'The chain was not checked: the leaf key was not compared with the key that verified the signature.' };
    case 'invalid':
      return { icon: 'warning', text: 'The chain was not checked: the signature does not verify.' };
    case 'unsigned':
      return { icon: 'warning', text: 'The chain was not checked: the token is not signed.' };
    case 'unsupported':
      return { icon: 'info', text: 'The chain was not checked: the signature cannot be checked here.' };
    default:
      return { icon: 'info', text: "The chain was not checked: its leaf key is neither in your key ring nor among a trusted issuer's keys." };
  }
}

/**
 * The x5c section of a JWS (or an SD-JWT's issuer-signed JWT), or nothing
 * when the header has no x5c. A malformed x5c is one line saying what is
 * wrong. `now` is milliseconds since 1970.
 */
export function x5cBlocks(token: DecodedToken, signature: SignatureState | undefined, verifyingKey: Jwk | undefined, now: number): HoverBlock[] {
  if (token.kind === 'jwe') return [];
  const x5c = member(token.header, 'x5c');
  if (x5c === undefined) return [];
  const blocks: HoverBlock[] = [{ kind: 'heading', text: X5C_HEADING }];
  const read = readX5c(x5c);
  if (!read.ok) return [...blocks, { kind: 'line', icon: 'warning', text: `Not shown: ${read.problem}.` }];
  const certs = read.certificates;
  const verdict = chainVerdict(certs[0] as ChainCertificate, signature, verifyingKey);
  blocks.push({ kind: 'line', icon: verdict.icon, text: verdict.text });
  certs.forEach((cert, i) => {
    const selfIssued = sameName(cert.subject, cert.issuer);
    const label = i === 0 ? 'Certificate 1 (leaf)' : `Certificate ${i + 1}`;
    blocks.push({ kind: 'line', text: `${label} · subject: ${shownName(cert.subject)}` });
    blocks.push({ kind: 'line', text: `Issuer: ${selfIssued ? 'itself (self-issued)' : shownName(cert.issuer)}` });
    blocks.push(validityLine(cert, now));
    const next = certs[i + 1];
    if (next && !sameName(cert.issuer, next.subject)) {
      blocks.push({ kind: 'line', icon: 'warning', text: `The chain does not link here: certificate ${i + 1}'s issuer is not certificate ${i + 2}'s subject.` });
    }
  });
  return blocks;
}
