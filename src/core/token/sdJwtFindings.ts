// The findings of an SD-JWT presentation: disclosures grouped by what became
// of them (a presentation can carry hundreds, so one finding per group, with
// the first few numbers), the JSON findings of the disclosures (capped), and
// the key-binding JWT's shape and sd_hash. Messages name claims only through
// visibleText; nothing else from the token is quoted.

import type { Finding } from '../base/types';
import { visibleText } from '../text/json';
import type { DecodedSdJwt, SdJwtDisclosure } from './sdJwt';

const MAX_LISTED = 8;
const MAX_JSON_NOTES = 10;

/** "3", "3 and 5", "3, 5 and 7", "3, 5, 7, … (12 in all)". */
export function numberList(numbers: readonly number[]): string {
  if (numbers.length === 1) return String(numbers[0]);
  if (numbers.length > MAX_LISTED) return `${numbers.slice(0, MAX_LISTED).join(', ')}, … (${numbers.length} in all)`;
  return `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/** "disclosure 3 (email)" or "disclosures 3 and 5". */
function which(group: readonly SdJwtDisclosure[]): string {
  if (group.length === 1) {
    const d = group[0] as SdJwtDisclosure;
    return `Disclosure ${d.index}${d.name !== undefined ? ` (${JSON.stringify(visibleText(d.name, 40))})` : ''}`;
  }
  return `Disclosures ${numberList(group.map((d) => d.index))}`;
}

const GROUPS: ReadonlyArray<{ status: SdJwtDisclosure['status']; code: Finding['code']; say: (group: readonly SdJwtDisclosure[]) => string }> = [
  {
    status: 'unreferenced',
    code: 'SD_DISCLOSURE_UNREFERENCED',
    say: (g) =>
      `${which(g)} ${g.length === 1 ? 'matches' : 'match'} no digest in the issuer-signed JWT or in a placed disclosure: changed after issuance, taken from another SD-JWT, or sent without the disclosure that holds ${g.length === 1 ? 'its' : 'their'} digest. A verifier rejects this presentation (RFC 9901 §7.1).`,
  },
  {
    status: 'refused',
    code: 'SD_DISCLOSURE_REFUSED',
    say: (g) => `${which(g.slice(0, 1))} is refused where its digest is: ${g[0]?.problem ?? ''}.${g.length > 1 ? ` So ${g.length === 2 ? 'is one other' : `are ${g.length - 1} others`} (${numberList(g.slice(1).map((d) => d.index))}).` : ''} A verifier rejects this presentation (RFC 9901 §7.1).`,
  },
  {
    status: 'malformed',
    code: 'SD_DISCLOSURE_MALFORMED',
    say: (g) => `${which(g.slice(0, 1))} ${g[0]?.problem ?? 'is not a disclosure'}${g.length > 1 ? `; ${g.length - 1} more cannot be read either (${numberList(g.slice(1).map((d) => d.index))})` : ''}. A disclosure is the base64url of a JSON array [salt, name, value] or [salt, value].`,
  },
  {
    status: 'repeated',
    code: 'SD_DISCLOSURE_REPEATED',
    say: (g) => `${which(g)} ${g.length === 1 ? 'repeats' : 'repeat'} an earlier disclosure. A holder never sends a disclosure twice (RFC 9901 §4).`,
  },
];

/** Every finding about the presentation's parts; `notes` are its whole-presentation findings, `jsonNotes` the disclosures' JSON findings. */
export function sdJwtFindings(sdJwt: DecodedSdJwt, notes: readonly Finding[], jsonNotes: readonly Finding[]): Finding[] {
  const out: Finding[] = [...notes];
  for (const group of GROUPS) {
    const members = sdJwt.disclosures.filter((d) => d.status === group.status);
    if (members.length > 0) out.push({ code: group.code, severity: 'error', where: 'disclosure', message: group.say(members) });
  }
  out.push(...jsonNotes.slice(0, MAX_JSON_NOTES));
  if (jsonNotes.length > MAX_JSON_NOTES) {
    out.push({ code: 'SUSPICIOUS_TEXT', severity: 'info', where: 'disclosure', message: `${jsonNotes.length - MAX_JSON_NOTES} more findings about the disclosures' JSON are not listed.` });
  }
  const kb = sdJwt.keyBinding;
  if (kb) {
    if (kb.error !== undefined) {
      out.push({ code: 'SD_KEY_BINDING', severity: 'error', where: 'key-binding', message: `The last part looks like a key-binding JWT but does not decode: ${kb.error}` });
    } else {
      if (kb.sdHash === 'differs') {
        out.push({
          code: 'SD_HASH_MISMATCH',
          severity: 'error',
          where: 'key-binding',
          message: "The key-binding JWT's sd_hash does not match this presentation: it was made for other disclosures, or a disclosure was added, removed or changed after it was signed. A verifier rejects it (RFC 9901 §7.3).",
        });
      }
      if (kb.problems.length > 0) {
        out.push({ code: 'SD_KEY_BINDING', severity: 'error', where: 'key-binding', message: `The key-binding JWT ${kb.problems.join('; ')} (RFC 9901 §4.3).` });
      }
    }
  }
  return out;
}
