// The keys the Token Editor offers: signing keys (each saying why it cannot be
// used with the preset, when it cannot) and the recipients' encryption keys.

import type { Preset } from '../profiles/presets';
import type { ProfileKeyInfo } from '../profiles/profile';
import type { KeyChoice } from './modelTypes';
import { keyFitsPreset } from '../profiles/keyFit';

/** The ring's keys as the form's key pickers list them. */
export function keyChoices(keys: readonly ProfileKeyInfo[], preset: Preset | undefined): { signingKeys: KeyChoice[]; encryptKeys: KeyChoice[] } {
  const signingKeys: KeyChoice[] = [];
  const encryptKeys: KeyChoice[] = [];
  for (const k of keys) {
    const choice: KeyChoice = { id: k.id, alg: k.alg, kty: k.kty, hasPrivate: k.hasPrivate };
    if (k.use === 'enc') {
      encryptKeys.push(choice);
      continue;
    }
    const fit = preset ? keyFitsPreset(k, preset) : undefined;
    if (fit && !fit.ok) choice.unusable = fit.message;
    else if (!k.hasPrivate) choice.unusable = 'verify-only: no private key stored';
    signingKeys.push(choice);
  }
  return { signingKeys, encryptKeys };
}
