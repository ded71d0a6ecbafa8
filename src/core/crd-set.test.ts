// Combining what imports contribute: one entry per key, a diamond (same source twice) only when every path
// agrees, a disabled duplicate yielding to an enabled one, and blocks merged in import order.
import type { EffectiveCrd } from "../api/effective.js";
import { blocksOf, combineCrdSets, mergeBlocks, type CrdSet } from "./crd-set.js";
import { ConflictError } from "./errors.js";
import { effectiveCrd } from "../../test/support/test-documents.js";
import { thrownBy } from "../../test/support/caught.js";

const from = (identity: string, via: string[], entry: Record<string, unknown> = {}): EffectiveCrd => ({
  ...effectiveCrd("db", entry),
  source: { katalogName: "db", katalogNamespace: "default", origin: `oci://r.io/${identity}:1`, identity },
  via,
});
const set = (crd: EffectiveCrd, blocks: Record<string, unknown> = {}): CrdSet => ({
  crds: new Map([[crd.key, crd]]),
  blocks,
});

const conflict = (sets: CrdSet[]) => thrownBy(() => combineCrdSets(sets), ConflictError);

describe("combineCrdSets", () => {
  it("loads a diamond once when both paths bring the same entry", () => {
    const a = from("pg", ["root", "oci://r.io/a:1", "oci://r.io/pg:1"], { workers: 2 });
    const b = from("pg", ["root", "oci://r.io/b:1", "oci://r.io/pg:1"], { workers: 2 });
    const combined = combineCrdSets([set(a), set(b)]);
    expect([...combined.crds.values()]).toEqual([a]);
  });

  it("refuses a diamond whose paths override the entry differently, naming the fields and both paths", () => {
    const a = from("pg", ["root", "oci://r.io/a:1", "oci://r.io/pg:1"], { workers: 2, mode: "x" });
    const b = from("pg", ["root", "oci://r.io/b:1", "oci://r.io/pg:1"], {
      workers: 3,
      mode: "x",
      resync: "1m",
    });
    const error = conflict([set(a), set(b)]);
    expect(error.reason).toBe("DiamondConflict");
    expect(error.message).toBe(
      "CRD 'db' from oci://r.io/pg:1 is reached by two import paths that override it differently (fields: " +
        "resync, workers):\n  root → oci://r.io/a:1 → oci://r.io/pg:1\n  root → oci://r.io/b:1 → oci://r.io/pg:1\n" +
        "override it once, in the Komposer that imports both paths",
    );
  });

  it("lets a disabled entry from another source yield, whichever comes first", () => {
    const on = from("pg", ["root", "oci://r.io/pg:1"]);
    const off = from("other", ["root", "oci://r.io/other:1"], { enabled: false });
    expect([...combineCrdSets([set(on), set(off)]).crds.values()]).toEqual([on]);
    expect([...combineCrdSets([set(off), set(on)]).crds.values()]).toEqual([on]);
    const offToo = from("third", ["root"], { enabled: false });
    expect([...combineCrdSets([set(off), set(offToo)]).crds.values()]).toEqual([off]);
  });

  it("refuses two enabled entries from different sources, with the overrides that settle it", () => {
    const direct = from("pg", ["root", "oci://r.io/pg:1"]);
    const packed = from("other", ["root", "oci://r.io/pack:2", "oci://r.io/other:1"]);
    const error = conflict([set(direct), set(packed)]);
    expect(error.reason).toBe("DuplicateCRD");
    expect(error.message).toBe(
      "duplicate CRD 'db' from oci://r.io/pg:1 and oci://r.io/pack:2 → oci://r.io/other:1; keep one by dropping " +
        "the other in spec.crds: `db: {enabled: false, from: oci://r.io/pack:2}` (or `from: oci://r.io/pg:1`), " +
        "or drop the CRD with `db: {enabled: false}`",
    );
    // Without an import path (the root's own files), the source itself is named.
    const local = from("local", ["root"]);
    expect(conflict([set(local), set(direct)]).message).toMatch(
      /^duplicate CRD 'db' from oci:\/\/r\.io\/local:1 and oci:\/\/r\.io\/pg:1; .*`db: \{enabled: false, from: oci:\/\/r\.io\/pg:1\}` \(or `from: oci:\/\/r\.io\/local:1`\)/,
    );
  });

  it("merges blocks in import order as merge patches", () => {
    const combined = combineCrdSets([
      { crds: new Map(), blocks: { security: { tls: true, mode: "a" }, gateway: { enabled: true } } },
      { crds: new Map(), blocks: { security: { mode: "b", extra: 1 }, gateway: null } },
    ]);
    // A null block stays null here: the payload leaves null blocks out (runtime-payload.ts).
    expect(combined.blocks).toStrictEqual({ security: { tls: true, mode: "b", extra: 1 }, gateway: null });
    expect(mergeBlocks({ a: { x: 1 } }, {})).toEqual({ a: { x: 1 } });
  });
});

describe("blocksOf", () => {
  it("takes only the carried top-level blocks that are present", () => {
    expect(
      blocksOf({ apiVersion: "v1", kind: "Katalog", security: { tls: true }, spec: {}, gateway: undefined }),
    ).toEqual({ security: { tls: true } });
  });
});
