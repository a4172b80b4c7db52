// Limits every domain agrees on.

/** Largest NumericDate whose milliseconds still fit a JavaScript Date (±8.64e15 ms). */
export const MAX_NUMERIC_DATE = 8.64e12;

/** An SD-JWT with more disclosures than this is not looked at (RFC 9901 sets no limit; real ones carry a few dozen). */
export const MAX_SD_JWT_DISCLOSURES = 1000;
