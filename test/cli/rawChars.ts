// What must never reach a terminal raw from a token: C0 controls (but newline),
// DEL and C1 controls, bidi controls, zero-width characters and tag characters.
// Checked code point by code point (the same list as a character class would
// be, without control characters in a regular expression).

function isDeceptive(cp: number): boolean {
  return (
    (cp < 0x20 && cp !== 0x0a) ||
    (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    (cp >= 0xe0000 && cp <= 0xe007f)
  );
}

/** The first raw deceptive character in `text`, as U+XXXX, or undefined when there is none. */
export function firstRawDeceptive(text: string): string | undefined {
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isDeceptive(cp)) return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return undefined;
}
