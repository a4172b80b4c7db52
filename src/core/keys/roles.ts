// Small enough for the extension's first bundle: the key lists and log lines
// need it before anything that loads jose.
import type { KeyMaterial } from '../base/types';

/** What a key without its private half is good for: checking signatures, or encrypting to its owner. */
export function publicHalfRole(key: Pick<KeyMaterial, 'use'>): 'verify-only' | 'encrypt-only' {
  return key.use === 'enc' ? 'encrypt-only' : 'verify-only';
}
