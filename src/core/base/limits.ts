// Limits every domain agrees on.

/** Largest NumericDate whose milliseconds still fit a JavaScript Date (±8.64e15 ms). */
export const MAX_NUMERIC_DATE = 8.64e12;
