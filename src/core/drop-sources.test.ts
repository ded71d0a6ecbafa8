// Settling a duplicate CRD key in the Komposer: `{enabled: false, from: REF}` drops the entry REF brought,
// `{enabled: false}` keeps only the first import's; a `from` that matches nothing is an error that says where
// the CRD does come from.
import type { EffectiveCrd } from "../api/effective.js";
import type { CrdSet } from "./crd-set.js";
import { dropDisabledSources } from "./drop-sources.js";
import { InvalidInputError } from "./errors.js";
import { parseKomposer } from "./parse-document.js";
import { effectiveCrd, komposerYaml } from "../../test/support/test-documents.js";

const crdFrom = (key: string, origin: string, via: string[] = ["komposer.yaml", origin]): EffectiveCrd => ({
  ...effectiveCrd(key),
  source: { katalogName: key, katalogNamespace: "default", origin, identity: origin },
  via,
});
const set = (...crds: EffectiveCrd[]): CrdSet => ({ crds: new Map(crds.map((c) => [c.key, c])), blocks: {} });
const komposer = (crds: Record<string, unknown>) =>
  parseKomposer({ file: "komposer.yaml", text: komposerYaml("root", { crds }) });
const keysOf = (parts: CrdSet[]) =>
  parts.map((p) => [...p.crds.values()].map((c) => `${c.key}@${c.source.origin}`));

const A = "oci://r.io/a:1";
const B = "oci://r.io/b:1";
const PACK = "oci://r.io/pack:2";

describe("dropDisabledSources", () => {
  const parts = [set(crdFrom("db", A), crdFrom("web", A)), set(crdFrom("db", B, ["komposer.yaml", PACK, B]))];

  it("returns the sets as they are when nothing is disabled", () => {
    expect(
      keysOf(dropDisabledSources(parts, komposer({ db: { workers: 2 }, web: { enabled: true } }))),
    ).toEqual([[`db@${A}`, `web@${A}`], [`db@${B}`]]);
  });

  it("drops the entry of the import named by from, by its origin or a pack it came through, with or without oci://", () => {
    expect(keysOf(dropDisabledSources(parts, komposer({ db: { enabled: false, from: A } })))).toEqual([
      [`web@${A}`],
      [`db@${B}`],
    ]);
    expect(
      keysOf(dropDisabledSources(parts, komposer({ db: { enabled: false, from: "r.io/pack:2" } }))),
    ).toEqual([[`db@${A}`, `web@${A}`], []]);
  });

  it("keeps only the first import's entry when no from is given", () => {
    expect(keysOf(dropDisabledSources(parts, komposer({ db: { enabled: false } })))).toEqual([
      [`db@${A}`, `web@${A}`],
      [],
    ]);
  });

  it("refuses a from that matches no import, saying where the CRD comes from", () => {
    let error: unknown;
    try {
      dropDisabledSources(
        parts,
        komposer({ db: { enabled: false, from: "oci://r.io/c:1" }, cache: { enabled: false, from: A } }),
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidInputError);
    expect((error as InvalidInputError).reason).toBe("InvalidOverride");
    expect((error as InvalidInputError).problems).toEqual([
      {
        file: "komposer.yaml",
        line: 10,
        path: "spec.crds.db.from",
        message: `no import brings CRD 'db' from oci://r.io/c:1; it comes from ${A} and ${PACK}`,
        severity: "error",
      },
      {
        file: "komposer.yaml",
        line: 13,
        path: "spec.crds.cache.from",
        message: `no import brings CRD 'cache' from ${A}; no import brings it at all`,
        severity: "error",
      },
    ]);
  });

  it("keeps every import's entry of a key no override disables", () => {
    expect(keysOf(dropDisabledSources(parts, komposer({ web: { enabled: false } })))).toEqual([
      [`db@${A}`, `web@${A}`],
      [`db@${B}`],
    ]);
  });

  it("names a root's own entry by its origin when it came through no import", () => {
    const own = set(crdFrom("db", "komposer.yaml", ["komposer.yaml"]));
    expect(() => dropDisabledSources([own], komposer({ db: { enabled: false, from: A } }))).toThrow(
      `no import brings CRD 'db' from ${A}; it comes from komposer.yaml`,
    );
  });
});
