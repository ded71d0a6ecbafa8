// The entry as the bundle carries it: enabled unless switched off, stamped with its source and nothing else.
import { isEnabled, stampedEntry } from "./katalog-document.js";
import { effectiveCrd } from "../../test/support/test-documents.js";

describe("isEnabled", () => {
  it("is false only for an explicit enabled: false", () => {
    expect(isEnabled(effectiveCrd("web"))).toBe(true);
    expect(isEnabled(effectiveCrd("web", { enabled: true }))).toBe(true);
    expect(isEnabled(effectiveCrd("web", { enabled: false }))).toBe(false);
  });
});

describe("stampedEntry", () => {
  it("stamps name and namespace, and version and description only when the source has them", () => {
    const crd = effectiveCrd("web", {
      enabled: true,
      katalogVersion: "forged",
      katalogDescription: "forged",
    });
    expect(stampedEntry(crd)).toEqual({
      ...crd.entry,
      katalogName: "web",
      katalogNamespace: "default",
      katalogVersion: undefined,
      katalogDescription: undefined,
    });
    expect(Object.keys(stampedEntry(crd))).toEqual([
      "apiTypes",
      "enabled",
      "katalogName",
      "katalogNamespace",
    ]);
    const versioned = {
      ...crd,
      source: {
        ...crd.source,
        katalogName: "web-katalog",
        katalogVersion: "1.2.0",
        katalogDescription: "Web",
      },
    };
    expect(stampedEntry(versioned)).toEqual({
      apiTypes: crd.entry.apiTypes,
      enabled: true,
      katalogName: "web-katalog",
      katalogNamespace: "default",
      katalogVersion: "1.2.0",
      katalogDescription: "Web",
    });
  });

  it("does not change the entry it stamps", () => {
    const crd = effectiveCrd("web", { katalogVersion: "0.1.0" });
    stampedEntry(crd);
    expect(crd.entry).toEqual({ apiTypes: crd.entry.apiTypes, katalogVersion: "0.1.0" });
  });
});
