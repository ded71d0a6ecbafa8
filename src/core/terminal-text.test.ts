import {
  escapeControlCharacters,
  escapeJsonControlCharacters,
  hasControlCharacters,
} from "./terminal-text.js";

describe("escapeJsonControlCharacters", () => {
  it("keeps the JSON value and leaves no raw control character", () => {
    const value = { name: "a\u001b\u009b31m\u007f\u202e" };
    const json = escapeJsonControlCharacters(JSON.stringify(value, null, 2));
    expect(json).toBe('{\n  "name": "a\\u001b\\u009b31m\\u007f\\u202e"\n}');
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe("escapeControlCharacters", () => {
  it("makes ESC, BEL, CR, DEL, C1 and bidi overrides visible", () => {
    expect(escapeControlCharacters("a\u001b]0;pwned\u0007b\rc\u007f\u009b\u202e")).toBe(
      "a\\x1b]0;pwned\\x07b\\x0dc\\x7f\\x9b\\u202e",
    );
  });

  it("escapes newlines unless asked to keep them; tabs always", () => {
    expect(escapeControlCharacters("a\nb\tc")).toBe("a\\x0ab\\x09c");
    expect(escapeControlCharacters("a\nb\tc", { keepNewlines: true })).toBe("a\nb\\x09c");
  });

  it("leaves ordinary text, including non-ASCII, alone", () => {
    const text = "Katalog → webapp (Ünïcødé) 日本 ✓";
    expect(escapeControlCharacters(text)).toBe(text);
    expect(hasControlCharacters(text)).toBe(false);
    expect(hasControlCharacters("x\u001by")).toBe(true);
  });
});
