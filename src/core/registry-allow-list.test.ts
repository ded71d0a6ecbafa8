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

  it("accepts bracketed IPv6 hosts with a port, and refuses brackets holding anything else", () => {
    expect(parseAllowList("[::1]:5000,[fe80::1]/mirror").entries).toEqual(["[::1]:5000", "[fe80::1]/mirror"]);
    expect(allowsHost(parseAllowList("[::1]:5000"), "[::1]:5000")).toBe(true);
    for (const bad of ["[]", "[zz]", "[::1", "host:123456"]) {
      expect(() => parseAllowList(bad, "--allow")).toThrow(
        `--allow: "${bad}" is not host[:port][/path], e.g. ghcr.io/org or localhost:5000`,
      );
    }
  });

  it("strips the scheme only at the start, and every trailing slash", () => {
    expect(parseAllowList("ghcr.io/org///").entries).toEqual(["ghcr.io/org"]);
    expect(() => parseAllowList("ghcr.io/oci://x")).toThrow(UsageError);
  });

  it("takes an already split list, and allows a registry given with no path at all", () => {
    const split = parseAllowList([" ghcr.io ", ""]);
    expect(split.entries).toEqual(["ghcr.io"]);
    expect(allowsReference(split, "ghcr.io", "any/repo")).toBe(true);
    expect(allowsReference(split, "GHCR.IO", "Any/Repo")).toBe(true);
    expect(allowsHost(split, "GHCR.io")).toBe(true);
  });
});
