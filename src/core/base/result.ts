// The failure half of a Result, built one way everywhere.
import type { CoreError, ErrorCode } from './types';

export type Failure = { ok: false; error: CoreError };

/** `{ ok: false, error: { code, message } }`: the message says what to do next. */
export function fail(code: ErrorCode, message: string): Failure {
  return { ok: false, error: { code, message } };
}
