import { InvalidInputError } from "./errors.js";
import { lockEntriesOf, parseLockFile, renderLockFile } from "./lock-file.js";

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;

describe("komposer.lock", () => {
  it("renders sorted entries with a header, and parses them back", () => {
    const text = renderLockFile(
      new Map([
        ["oci://ghcr.io/z/b:v2", B],
        ["oci://ghcr.io/a/a:v1", A],
      ]),
    );
    expect(text).toBe(
      "# komposer.lock: the digest each import resolved to. Written by `ork generate bundle`; commit it.\n" +
        "# Tags resolve to these digests until `ork generate bundle --update-lock` re-resolves them.\n" +
        "apiVersion: orkestra.orkspace.io/v1\n" +
        "kind: KomposerLock\n" +
        "resolved:\n" +
        `  oci://ghcr.io/a/a:v1: ${A}\n` +
        `  oci://ghcr.io/z/b:v2: ${B}\n`,
    );
    expect(parseLockFile("komposer.lock", text)).toEqual(
      new Map([
        ["oci://ghcr.io/a/a:v1", A],
        ["oci://ghcr.io/z/b:v2", B],
      ]),
    );
  });

  it("renders an empty lock", () => {
    expect(parseLockFile("l", renderLockFile(new Map()))).toEqual(new Map());
  });

  it("normalises hand-written references", () => {
    const text = `apiVersion: orkestra.orkspace.io/v1\nkind: KomposerLock\nresolved:\n  ghcr.io/a/a:v1: ${A}\n`;
    expect([...parseLockFile("l", text).keys()]).toEqual(["oci://ghcr.io/a/a:v1"]);
  });

  it("reports every bad entry with its line", () => {
    const text = `apiVersion: orkestra.orkspace.io/v1\nkind: KomposerLock\nresolved:\n  ghcr.io/a/a:v1: sha1:abc\n  nohost:v1: ${A}\n`;
    let error: unknown;
    try {
      parseLockFile("komposer.lock", text);
    } catch (e: unknown) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).problems).toEqual([
      expect.objectContaining({ line: 4, message: expect.stringMatching(/"sha1:abc" is not a digest/) }),
      expect.objectContaining({ line: 5, message: expect.stringMatching(/no registry host/) }),
    ]);
  });

  it("refuses other documents", () => {
    expect(() => parseLockFile("l", "kind: Something\n")).toThrow(/not a lock file/);
    expect(() => parseLockFile("l", "a: [\n")).toThrow(InvalidInputError);
  });

  it("takes entries from a resolution, one per reference", () => {
    const base = { crds: [], annotations: {}, signals: { pattern: { tags: [] }, image: {} } };
    expect(
      lockEntriesOf([
        { ...base, ref: "oci://r.io/a:v1", digest: A, kind: "Katalog" },
        { ...base, ref: "oci://r.io/a:v1", digest: A, kind: "Komposer" },
        { ...base, ref: "oci://r.io/b:v1", digest: B, kind: "Katalog" },
      ]),
    ).toEqual(
      new Map([
        ["oci://r.io/a:v1", A],
        ["oci://r.io/b:v1", B],
      ]),
    );
  });

  it("names the fix for a document that is not a lock file, and for resolved that is not a map", () => {
    const problemsOf = (text: string) => {
      try {
        parseLockFile("komposer.lock", text);
      } catch (e: unknown) {
        return (e as InvalidInputError).problems.map((p) => `${p.line ?? "-"} ${p.path}: ${p.message}`);
      }
      return [];
    };
    const notALock =
      "not a lock file: expected apiVersion orkestra.orkspace.io/v1 and kind KomposerLock; delete it and run with " +
      "--update-lock";
    expect(problemsOf("apiVersion: v2\nkind: KomposerLock\n")).toEqual([`2 kind: ${notALock}`]);
    expect(problemsOf("apiVersion: orkestra.orkspace.io/v1\nkind: Lock\n")).toEqual([`2 kind: ${notALock}`]);
    expect(problemsOf("- a\n")).toEqual([`1 kind: ${notALock}`]);
    expect(problemsOf("apiVersion: orkestra.orkspace.io/v1\nkind: KomposerLock\nresolved: [a]\n")).toEqual([
      "3 resolved: resolved must be a map of reference to digest",
    ]);
    expect(
      problemsOf(`apiVersion: orkestra.orkspace.io/v1\nkind: KomposerLock\nresolved: {r.io/a:1: 5}\n`),
    ).toEqual(["3 resolved.r.io/a:1: 5 is not a digest (sha256: and 64 hex digits)"]);
    expect(parseLockFile("l", "apiVersion: orkestra.orkspace.io/v1\nkind: KomposerLock\n")).toEqual(
      new Map(),
    );
  });

  it("keeps the first digest when a resolution lists a reference twice", () => {
    const base = { crds: [], annotations: {}, signals: { pattern: { tags: [] }, image: {} } };
    expect(
      lockEntriesOf([
        { ...base, ref: "oci://r.io/a:v1", digest: A, kind: "Katalog" },
        { ...base, ref: "oci://r.io/a:v1", digest: B, kind: "Komposer" },
      ]),
    ).toEqual(new Map([["oci://r.io/a:v1", A]]));
  });
});
