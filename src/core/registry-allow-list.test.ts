import { UsageError } from "./errors.js";
import { allowsHost, allowsReference, parseAllowList } from "./registry-allow-list.js";

describe("registry allow-list", () => {
  const list = parseAllowList("oci://GHCR.io/org/, localhost:5000,registry.internal");

  it("normalises entries and names the flag", () => {
    expect(list.entries).toEqual(["ghcr.io/org", "localhost:5000", "registry.internal"]);
    expect(list.flag).toBe("--allowed-registries ghcr.io/org,localhost:5000,registry.internal");
  });

  it("allows references under an entry's path, not a longer name sharing its prefix", () => {
    expect(allowsReference(list, "ghcr.io", "org/x")).toBe(true);
    expect(allowsReference(list, "ghcr.io", "organisation/x")).toBe(false);
    expect(allowsReference(list, "ghcr.io", "other/x")).toBe(false);
    expect(allowsReference(list, "localhost:5000", "any/thing")).toBe(true);
    expect(allowsReference(list, "localhost:5001", "any/thing")).toBe(false);
  });

  it("allows connections only to an entry's exact host[:port]", () => {
    expect(allowsHost(list, "ghcr.io")).toBe(true);
    expect(allowsHost(list, "localhost:5000")).toBe(true);
    expect(allowsHost(list, "localhost:5001")).toBe(false);
    expect(allowsHost(list, "localhost")).toBe(false);
    expect(allowsHost(list, "registry.internal:8443")).toBe(false);
    expect(allowsHost(list, "evil.ghcr.io")).toBe(false);
  });

  it("an empty list allows everything", () => {
    const empty = parseAllowList("");
    expect(allowsReference(empty, "anywhere.example", "x")).toBe(true);
    expect(allowsHost(empty, "anywhere.example:1")).toBe(true);
    expect(allowsHost(undefined, "anywhere.example:1")).toBe(true);
  });

  it("refuses malformed entries with the flag and the entry named", () => {
    expect(() => parseAllowList("ghcr.io,https://x.io")).toThrow(UsageError);
    expect(() => parseAllowList("ghcr.io, a b")).toThrow(/--allowed-registries: "a b"/);
  });
});
