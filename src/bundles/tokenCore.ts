// src/bundles/ (entry: coreBundle.ts) splits the extension host's code into bundles loaded on first use.
// This file loads dist/core.js on first use, for the first bundle. Only its types are
// imported here; the build leaves the require external, like profiles.js.
import type * as TokenCore from './coreBundle';
import { log } from '../log';

let loaded: typeof TokenCore | undefined;

/** The token core, loaded synchronously the first time it is asked for. */
export function tokenCore(): typeof TokenCore {
  if (!loaded) {
    const started = performance.now();
    // A relative require of the sibling bundle.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('./core.js') as typeof TokenCore;
    log().info(`Token core loaded in ${(performance.now() - started).toFixed(1)} ms`);
  }
  return loaded;
}
