// Certificates for the x5c tests: the openssl-made chain in test/fixtures/x5c
// (make.sh says how), and hand-built DER for what openssl will not write
// (every string type, hostile Names, broken structures). The hand-built ones
// carry a real SPKI but a dummy signature: nothing reads it.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bitString, concatBytes, sequence, tlv } from '../../src/core/keys/der';
import { keyPair } from '../keyPairs';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'x5c');

/** A fixture certificate's PEM text. */
export function fixturePem(name: 'leaf' | 'intermediate' | 'root'): string {
  return readFileSync(join(FIXTURES, `${name}.pem`), 'utf8');
}

/** A fixture certificate as an x5c entry: the PEM body, standard base64 on one line. */
export function fixtureX5c(name: 'leaf' | 'intermediate' | 'root'): string {
  return fixturePem(name).replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
}

export const CHAIN = (): string[] => [fixtureX5c('leaf'), fixtureX5c('intermediate'), fixtureX5c('root')];

export const TAG = { utf8: 0x0c, printable: 0x13, t61: 0x14, ia5: 0x16, universal: 0x1c, bmp: 0x1e, integer: 0x02, set: 0x31, utcTime: 0x17, generalizedTime: 0x18 } as const;

export function oid(dotted: string): Uint8Array {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [a * 40 + b];
  for (const n of rest) {
    const parts = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128)) parts.unshift((v & 0x7f) | 0x80);
    out.push(...parts);
  }
  return tlv(0x06, Uint8Array.from(out));
}

export const bytes = (text: string, encoding: BufferEncoding = 'utf8'): Uint8Array => Uint8Array.from(Buffer.from(text, encoding));
export const utf16be = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, 'utf16le').swap16());
export function utf32be(text: string): Uint8Array {
  const out: number[] = [];
  for (const c of text) {
    const p = c.codePointAt(0) as number;
    out.push((p >>> 24) & 0xff, (p >>> 16) & 0xff, (p >>> 8) & 0xff, p & 0xff);
  }
  return Uint8Array.from(out);
}

/** One AttributeTypeAndValue. */
export const attr = (type: string, value: string | Uint8Array, tag: number = TAG.utf8): Uint8Array => sequence(oid(type), tlv(tag, typeof value === 'string' ? bytes(value) : value));
/** One RDN (a SET of attributes). */
export const rdn = (...attributes: Uint8Array[]): Uint8Array => tlv(TAG.set, concatBytes(...attributes));
/** A Name of RDNs in DER order. */
export const name = (...rdns: Uint8Array[]): Uint8Array => sequence(...rdns);
export const CN = '2.5.4.3';
export const O = '2.5.4.10';
export const C = '2.5.4.6';
export const cn = (value: string, tag: number = TAG.utf8): Uint8Array => name(rdn(attr(CN, value, tag)));
export const utc = (text: string): Uint8Array => tlv(TAG.utcTime, bytes(text, 'latin1'));
export const generalized = (text: string): Uint8Array => tlv(TAG.generalizedTime, bytes(text, 'latin1'));

let spki: Uint8Array | undefined;
/** An EC P-256 SPKI, made once. */
export function someSpki(): Uint8Array {
  spki ??= Uint8Array.from(keyPair('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'der' }));
  return spki;
}

const ECDSA_SHA256 = sequence(oid('1.2.840.10045.4.3.2'));

export interface CertParts {
  subject?: Uint8Array;
  issuer?: Uint8Array;
  notBefore?: Uint8Array;
  notAfter?: Uint8Array;
  spki?: Uint8Array;
}

/** A certificate's DER from its parts (version 3, serial 1, a dummy signature). */
export function certificate(parts: CertParts = {}): Uint8Array {
  const subject = parts.subject ?? cn('leaf');
  const tbs = sequence(
    tlv(0xa0, tlv(TAG.integer, Uint8Array.of(2))),
    tlv(TAG.integer, Uint8Array.of(1)),
    ECDSA_SHA256,
    parts.issuer ?? subject,
    sequence(parts.notBefore ?? utc('260101000000Z'), parts.notAfter ?? utc('270101000000Z')),
    subject,
    parts.spki ?? someSpki(),
  );
  return sequence(tbs, ECDSA_SHA256, bitString(new Uint8Array(16)));
}

export const base64 = (der: Uint8Array): string => Buffer.from(der).toString('base64');
