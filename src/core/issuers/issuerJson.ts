// Fetched JSON (discovery documents, JWK Sets) read as token JSON is: a size cap before anything else,
// then one pass of the core's JSON scanner (inspectJson: syntax exactly as JSON.parse takes it, nesting
// depth, duplicate members, with an explicit stack), and JSON.parse only of text that passed.
import { inspectJson } from '../text/json';
import { withThousands } from '../text/numberText';

/** Real discovery documents and JWK Sets nest four levels at most (`{"keys": [{"x5c": [...]}]}`). */
export const MAX_ISSUER_JSON_DEPTH = 16;

export type IssuerJson =
  | {
      ok: true;
      value: unknown;
      /** JSON pointers of members whose name repeats an earlier one in the same object (JSON.parse keeps the last). */
      duplicates: string[];
      /** More duplicates than were recorded. */
      duplicatesTruncated: boolean;
    }
  | { ok: false; problem: string };

/** `text` as JSON, or a problem that reads after "The discovery document …" / "The JWK Set …". Never throws. */
export function readIssuerJson(text: string, maxChars: number): IssuerJson {
  if (typeof text !== 'string') return { ok: false, problem: 'is empty' };
  if (text.length > maxChars) return { ok: false, problem: `is ${sizeText(text.length)}, over the ${sizeText(maxChars)} read` };
  if (text.trim() === '') return { ok: false, problem: 'is empty' };
  const inspection = inspectJson(text, { maxReports: 20 });
  if (!inspection.valid) {
    const at = inspection.error ? ` (near character ${withThousands(inspection.error.offset + 1)})` : '';
    return { ok: false, problem: `is not JSON${at}` };
  }
  if (inspection.maxDepth > MAX_ISSUER_JSON_DEPTH) {
    return { ok: false, problem: `is JSON nested ${withThousands(inspection.maxDepth)} levels deep (at most ${MAX_ISSUER_JSON_DEPTH} are read)` };
  }
  try {
    return { ok: true, value: JSON.parse(text) as unknown, duplicates: inspection.duplicates, duplicatesTruncated: inspection.truncated && inspection.duplicates.length >= 20 };
  } catch {
    return { ok: false, problem: 'is not JSON' };
  }
}

function sizeText(chars: number): string {
  return chars >= 1024 * 1024 ? `${(chars / (1024 * 1024)).toFixed(chars % (1024 * 1024) === 0 ? 0 : 1)} MiB` : `${Math.ceil(chars / 1024)} KiB`;
}
