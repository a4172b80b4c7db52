import type { DecodedDocuments } from '../documents/decodedDocuments';
import { pickTokenText } from './tokenSource';

/**
 * JWT: Decode Token — takes, in order, the selection, the token at the cursor,
 * a token on the clipboard, or asks for one.
 */
export async function decodeTokenCommand(documents: DecodedDocuments, maxTokenLength: number): Promise<void> {
  const token = await pickTokenText('JWT: Decode Token', maxTokenLength);
  if (token !== undefined) await documents.open(token);
}
