// Text from a registry (titles, annotations, error bodies, documents) is untrusted: printed raw, ESC starts
// terminal control sequences (retitle the window, rewrite the screen, hide text), BEL rings, CR overwrites the
// line. Everything that reaches the terminal from outside goes through here and comes out visible and inert.
// JSON output needs none of this: JSON.stringify already escapes control characters.

// C0 controls, DEL, C1 controls (0x9b is a one-byte CSI), and the bidirectional overrides that reorder text.
// Matching control characters is the point here, hence the lint exceptions.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export interface EscapeOptions {
  /** Keep `\n` as is: for messages that are several lines on purpose (problem lists). */
  keepNewlines?: boolean;
}

/** `text` with every control character written as a visible escape: ESC → `\x1b`, U+202E → `\u202e`. */
export function escapeControlCharacters(text: string, options: EscapeOptions = {}): string {
  return text.replace(options.keepNewlines ? CONTROL_BUT_NEWLINE : CONTROL, visibleEscape);
}

/** Whether `text` holds a character `escapeControlCharacters` would escape. */
export function hasControlCharacters(text: string): boolean {
  return new RegExp(CONTROL.source).test(text);
}

/**
 * JSON text with the controls JSON.stringify leaves raw (DEL, C1, bidi overrides) written as `\uXXXX`: still
 * the same JSON value, and inert on a terminal. They can only occur inside strings, so this is exact (the C0
 * controls JSON.stringify already escapes; the raw newlines left are its indentation).
 */
export function escapeJsonControlCharacters(json: string): string {
  return json.replace(
    /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

function visibleEscape(char: string): string {
  const code = char.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}
