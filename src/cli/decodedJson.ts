// `decode --json`: one JSON object a script can read, built from the token's
// own JSON text so numbers stay exactly as written (JSON.parse would turn
// 12345678901234567890123 into 1.2345678901234568e+22 and 1e400 into null),
// and valid JSON for every payload kind. Raw bidi, invisible and control
// characters in strings become \uXXXX escapes: the same string to a JSON
// reader, inert on a terminal.
//
// Payload members, by `payloadType`:
//   json        payload: the JSON value as written (a claims set, or any other JSON value)
//   deep-json   payload: null, payloadText: the JSON text as a string (nested over 64 levels)
//   text        payload: the text (not JSON)
//   unencoded   payload: the text (b64: false)
//   binary      payload: null, payloadHex (at most 4096 bytes), payloadHexTruncated, payloadBytes
//   detached    payload: null (the token carries no payload)
//   omitted     payload: null, payloadBytes (over the 256 KiB display bound)
//   encrypted   payload: null (a JWE: decrypt it to read it)

import type { DecodedToken } from '../core/token/decode';
import { summaryLine } from '../core/token/decodedText';
import type { TimeDescription } from '../core/token/times';
import { MAX_RENDER_DEPTH, PRETTY_TRUNCATED_MARKER, prettyJson } from '../core/text/json';
import { terminalSafe } from './terminal';

/** Nesting the composite adds around the token's JSON (the object, times and findings). */
const DEPTH_MARGIN = 4;
/** Pretty output beyond this falls back to the compact form (one line, still valid JSON). */
const MAX_PRETTY_CHARS = 16 * 1024 * 1024;
/** Large enough that the compact re-rendering of a token's JSON is never cut. */
const NO_CUT = Number.MAX_SAFE_INTEGER;

/** The token's JSON text on one line, as written: numbers and escapes kept, raw deceptive characters escaped. */
function compactAsWritten(text: string): string {
  return prettyJson(text, { indent: 0, maxDepth: MAX_RENDER_DEPTH + DEPTH_MARGIN, maxLength: NO_CUT });
}

function payloadMembers(token: DecodedToken): [string, string][] {
  const payload = token.payload;
  if (token.kind === 'jwe' || payload === undefined) return [['payloadType', '"encrypted"'], ['payload', 'null']];
  const type = (name: string): [string, string] => ['payloadType', JSON.stringify(name)];
  switch (payload.type) {
    case 'json': {
      // Deeper than the render bound: the text as a string keeps it whole and the output bounded.
      const deep = token.findings.some((f) => f.code === 'DEEP_JSON' && f.where === 'payload');
      if (deep) return [type('deep-json'), ['payload', 'null'], ['payloadText', JSON.stringify(payload.text)]];
      return [type('json'), ['payload', compactAsWritten(payload.text)]];
    }
    case 'text':
    case 'unencoded':
      return [type(payload.type), ['payload', JSON.stringify(payload.text)]];
    case 'binary':
      return [type('binary'), ['payload', 'null'], ['payloadHex', JSON.stringify(payload.hex)], ['payloadHexTruncated', String(payload.truncated)], ['payloadBytes', String(payload.byteLength)]];
    case 'detached':
      return [type('detached'), ['payload', 'null']];
    case 'omitted':
      return [type('omitted'), ['payload', 'null'], ['payloadBytes', String(payload.byteLength)]];
  }
}

/** The decoded token as JSON text (pretty, or compact when very large), terminal-safe, ending in a newline. */
export function decodedJson(token: DecodedToken, times: TimeDescription | undefined): string {
  const members: [string, string][] = [
    ['kind', JSON.stringify(token.kind)],
    ['summary', JSON.stringify(summaryLine(token))],
    ['header', compactAsWritten(token.headerText)],
    ...payloadMembers(token),
    ['times', times === undefined ? 'null' : JSON.stringify(times)],
    ['findings', JSON.stringify(token.findings.map((f) => ({ code: f.code, severity: f.severity, where: f.where ?? null, message: f.message })))],
    ['signatureBytes', String(token.signatureBytes)],
  ];
  const compact = `{${members.map(([name, value]) => `${JSON.stringify(name)}:${value}`).join(',')}}`;
  const pretty = prettyJson(compact, { indent: 2, maxDepth: MAX_RENDER_DEPTH + DEPTH_MARGIN, maxLength: MAX_PRETTY_CHARS });
  const text = pretty.endsWith(PRETTY_TRUNCATED_MARKER) ? prettyJson(compact, { indent: 0, maxDepth: MAX_RENDER_DEPTH + DEPTH_MARGIN, maxLength: NO_CUT }) : pretty;
  // prettyJson already escapes raw deceptive characters inside strings; outside them there is only JSON whitespace.
  return `${terminalSafe(text)}\n`;
}
