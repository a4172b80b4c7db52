// Markdown for text that came from a token. VS Code's `appendText` keeps text
// inert but turns spaces into non-breaking ones, so long messages never wrap;
// this escapes every ASCII punctuation character instead (CommonMark allows a
// backslash before any of them), which defeats links, autolinks, emphasis,
// HTML and command URIs while leaving ordinary spaces to wrap.
import { visibleText } from './json';

const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;

/** Token-derived text as inert, wrapping markdown on one line; invisible characters shown as escapes. */
export function escapeMarkdown(text: string, maxLength = 2000): string {
  return visibleText(text.replace(/[\r\n\t]+/g, ' '), maxLength).replace(ASCII_PUNCTUATION, '\\$&');
}
