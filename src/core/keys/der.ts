// A small DER reader and writer, just enough to look inside key containers
// (which algorithm and curve a PKCS#8 / SPKI / certificate holds) and to wrap
// PKCS#1 and SEC1 keys in PKCS#8 / SPKI, which is all jose and WebCrypto read.
// Everything here is bounds-checked: key text is pasted by people and may be
// truncated or hostile.

export const TAG_INTEGER = 0x02;
export const TAG_BIT_STRING = 0x03;
export const TAG_OCTET_STRING = 0x04;
export const TAG_NULL = 0x05;
export const TAG_OID = 0x06;
export const TAG_UTC_TIME = 0x17;
export const TAG_GENERALIZED_TIME = 0x18;
export const TAG_SEQUENCE = 0x30;
export const TAG_CONTEXT_0 = 0xa0;
export const TAG_CONTEXT_1 = 0xa1;

/** Thrown by the reader; `truncated` tells a cut-off body apart from one that is not DER at all. */
export class DerError extends Error {
  constructor(message: string, readonly truncated: boolean) {
    super(message);
  }
}

/** One DER element: where it starts, where its contents are, where it ends. */
export interface DerNode {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

/** Reads the element at `offset`. Refuses indefinite lengths and lengths past the end of `bytes`. */
export function readNode(bytes: Uint8Array, offset: number, limit = bytes.length): DerNode {
  if (offset >= limit) throw new DerError('unexpected end of data', true);
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError('multi-byte tags are not used in key formats', false);
  let pos = offset + 1;
  if (pos >= limit) throw new DerError('unexpected end of data', true);
  const first = bytes[pos++] as number;
  let length: number;
  if (first < 0x80) {
    length = first;
  } else {
    const count = first & 0x7f;
    if (count === 0) throw new DerError('indefinite length is not DER', false);
    if (count > 4) throw new DerError('length field too large', false);
    length = 0;
    for (let i = 0; i < count; i++) {
      if (pos >= limit) throw new DerError('unexpected end of data', true);
      length = length * 256 + (bytes[pos++] as number);
    }
  }
  const end = pos + length;
  if (end > limit) throw new DerError('element runs past the end of the data', true);
  return { tag, start: offset, contentStart: pos, end };
}

/** The elements directly inside a constructed element (SEQUENCE, [0], ...). */
export function childrenOf(bytes: Uint8Array, node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  let pos = node.contentStart;
  while (pos < node.end) {
    const child = readNode(bytes, pos, node.end);
    out.push(child);
    pos = child.end;
    if (out.length > 10_000) throw new DerError('too many elements', false);
  }
  return out;
}

/** Parses a whole buffer that must be exactly one element (trailing bytes are an error). */
export function readRoot(bytes: Uint8Array): DerNode {
  const root = readNode(bytes, 0);
  if (root.end !== bytes.length) throw new DerError('data continues after the key structure', false);
  return root;
}

export function contentOf(bytes: Uint8Array, node: DerNode): Uint8Array {
  return bytes.subarray(node.contentStart, node.end);
}

export function sameBytes(a: Uint8Array, b: readonly number[] | Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Dotted form of an OID's content bytes, for messages ("1.2.840.10040.4.1"). */
export function oidToString(content: Uint8Array): string {
  if (content.length === 0) return '';
  const first = content[0] as number;
  const parts: number[] = [Math.min(2, Math.floor(first / 40)), first - Math.min(2, Math.floor(first / 40)) * 40];
  let value = 0;
  for (let i = 1; i < content.length; i++) {
    const byte = content[i] as number;
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  return parts.join('.');
}

// ---- writer ---------------------------------------------------------------

function lengthBytes(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  let rest = length;
  while (rest > 0) {
    out.unshift(rest & 0xff);
    rest = Math.floor(rest / 256);
  }
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, content: Uint8Array): Uint8Array {
  const head = [tag, ...lengthBytes(content.length)];
  const out = new Uint8Array(head.length + content.length);
  out.set(head, 0);
  out.set(content, head.length);
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

export function sequence(...parts: Uint8Array[]): Uint8Array {
  return tlv(TAG_SEQUENCE, concatBytes(...parts));
}

export function oid(content: readonly number[]): Uint8Array {
  return tlv(TAG_OID, Uint8Array.from(content));
}

export const DER_NULL = Uint8Array.of(TAG_NULL, 0x00);
export const DER_INTEGER_ZERO = Uint8Array.of(TAG_INTEGER, 0x01, 0x00);

export function octetString(content: Uint8Array): Uint8Array {
  return tlv(TAG_OCTET_STRING, content);
}

/** A BIT STRING with no unused bits, as SPKI uses for the key. */
export function bitString(content: Uint8Array): Uint8Array {
  return tlv(TAG_BIT_STRING, concatBytes(Uint8Array.of(0), content));
}

// ---- object identifiers used by key containers (content bytes) ------------

export const OID_RSA_ENCRYPTION = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01] as const;
export const OID_RSASSA_PSS = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a] as const;
export const OID_EC_PUBLIC_KEY = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01] as const;
export const OID_P256 = [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07] as const;
export const OID_P384 = [0x2b, 0x81, 0x04, 0x00, 0x22] as const;
export const OID_P521 = [0x2b, 0x81, 0x04, 0x00, 0x23] as const;
export const OID_SECP256K1 = [0x2b, 0x81, 0x04, 0x00, 0x0a] as const;
export const OID_X25519 = [0x2b, 0x65, 0x6e] as const;
export const OID_X448 = [0x2b, 0x65, 0x6f] as const;
export const OID_ED25519 = [0x2b, 0x65, 0x70] as const;
export const OID_ED448 = [0x2b, 0x65, 0x71] as const;
export const OID_DSA = [0x2a, 0x86, 0x48, 0xce, 0x38, 0x04, 0x01] as const;
/** id-ml-dsa-44 / -65 / -87 (2.16.840.1.101.3.4.3.17–19, NIST's registry): recognised to say how to import them. */
export const OID_ML_DSA_44 = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x11] as const;
export const OID_ML_DSA_65 = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x12] as const;
export const OID_ML_DSA_87 = [0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x03, 0x13] as const;

// ---- recognising key containers in bytes of unknown origin -----------------

export type DerKeyShape =
  | 'an SPKI public key'
  | 'a PKCS#1 RSA public key'
  | 'a PKCS#8 private key'
  | 'an encrypted PKCS#8 private key'
  | 'a PKCS#1 RSA private key'
  | 'a SEC1 EC private key'
  | 'an X.509 certificate';

function startsWithOid(bytes: Uint8Array, node: DerNode | undefined): boolean {
  if (!node || node.tag !== TAG_SEQUENCE) return false;
  const first = childrenOf(bytes, node)[0];
  return first !== undefined && first.tag === TAG_OID;
}

/**
 * Which key or certificate structure `bytes` is, when it is exactly one: SPKI,
 * PKCS#1, PKCS#8 (plain or encrypted), SEC1 or X.509. Used to refuse key
 * material wherever a shared secret is expected, whatever encoding it came in.
 * Never throws.
 */
export function derKeyShape(bytes: Uint8Array): DerKeyShape | undefined {
  if (bytes.length < 8 || bytes[0] !== TAG_SEQUENCE) return undefined;
  try {
    const root = readRoot(bytes);
    const kids = childrenOf(bytes, root);
    const tags = kids.map((k) => k.tag);
    const [a, b] = kids;
    if (kids.length === 2 && tags[0] === TAG_SEQUENCE && tags[1] === TAG_BIT_STRING && startsWithOid(bytes, a)) return 'an SPKI public key';
    if (kids.length === 2 && tags[0] === TAG_SEQUENCE && tags[1] === TAG_OCTET_STRING && startsWithOid(bytes, a)) return 'an encrypted PKCS#8 private key';
    if (kids.length === 2 && tags[0] === TAG_INTEGER && tags[1] === TAG_INTEGER) return 'a PKCS#1 RSA public key';
    if (kids.length === 3 && tags[0] === TAG_SEQUENCE && tags[1] === TAG_SEQUENCE && tags[2] === TAG_BIT_STRING && startsWithOid(bytes, b)) {
      const tbs = childrenOf(bytes, a as DerNode);
      if (tbs.length >= 6) return 'an X.509 certificate';
    }
    if (kids.length >= 3 && kids.length <= 5 && tags[0] === TAG_INTEGER && tags[1] === TAG_SEQUENCE && tags[2] === TAG_OCTET_STRING && startsWithOid(bytes, b)) {
      return 'a PKCS#8 private key';
    }
    if (kids.length >= 9 && tags.every((t) => t === TAG_INTEGER)) return 'a PKCS#1 RSA private key';
    if (kids.length >= 2 && kids.length <= 4 && tags[0] === TAG_INTEGER && tags[1] === TAG_OCTET_STRING && a && sameBytes(contentOf(bytes, a), [1])) {
      if (kids.slice(2).every((k) => k.tag === TAG_CONTEXT_0 || k.tag === TAG_CONTEXT_1)) return 'a SEC1 EC private key';
    }
    return undefined;
  } catch {
    return undefined;
  }
}
