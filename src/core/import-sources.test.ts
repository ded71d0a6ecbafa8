// What an imported Katalog contributes (its entries in the newest layout, stamped with where they came from),
// and how `imports.files` are read beside a local Komposer or inside a pack: which paths a pack refuses, and
// what the error says when a file is missing.
import { InvalidInputError, UsageError } from "./errors.js";
import {
  artifactFileReader,
  crdSetFromKatalog,
  localFileReader,
  packFileName,
  sourceFrom,
} from "./import-sources.js";
import { parseKatalog } from "./parse-document.js";
import { apiTypesFor, katalogYaml } from "../../test/support/test-documents.js";
import { rejectedWith } from "../../test/support/caught.js";

const location = { file: "/work/komposer.yaml", path: "imports.files[0]", line: 9 };

const rejection = (promise: Promise<unknown>) => rejectedWith(promise, InvalidInputError);

describe("sourceFrom", () => {
  it("keeps version and description only when the Katalog has them", () => {
    expect(sourceFrom({ name: "web", namespace: "team" }, "oci://r.io/web:1", "sha256:1")).toStrictEqual({
      katalogName: "web",
      katalogNamespace: "team",
      origin: "oci://r.io/web:1",
      identity: "sha256:1",
    });
    const full = sourceFrom(
      { name: "web", namespace: "team", version: "1.2.0", description: "Web apps" },
      "o",
      "i",
    );
    expect(full).toEqual({
      katalogName: "web",
      katalogNamespace: "team",
      origin: "o",
      identity: "i",
      katalogVersion: "1.2.0",
      katalogDescription: "Web apps",
    });
  });
});

describe("crdSetFromKatalog", () => {
  it("converts each entry to the newest layout and records what it was written in and what moved", () => {
    const katalog = parseKatalog({
      file: "k.yaml",
      text: katalogYaml("web", ["webapp", "cache"], {
        version: "2.0.0",
        top: { gateway: { enabled: true } },
      }),
    });
    const set = crdSetFromKatalog(katalog, "oci://r.io/web:2.0.0", "sha256:abc", ["root", "web"]);
    expect([...set.crds.keys()]).toEqual(["webapp", "cache"]);
    expect(set.crds.get("webapp")).toEqual({
      key: "webapp",
      entry: { apiTypes: apiTypesFor("webapp"), operatorBox: { reconcile: { workers: 2 } } },
      written: [1],
      moves: [["workers", "operatorBox.reconcile.workers"]],
      source: {
        katalogName: "web",
        katalogNamespace: "default",
        origin: "oci://r.io/web:2.0.0",
        identity: "sha256:abc",
        katalogVersion: "2.0.0",
      },
      via: ["root", "web"],
    });
    expect(set.blocks).toEqual({ gateway: { enabled: true } });
  });

  it("names the entry's place in the Katalog when a setting is written twice", () => {
    const katalog = parseKatalog({
      file: "k.yaml",
      text: katalogYaml("web", ["webapp"], { extra: { operatorBox: { reconcile: { workers: 3 } } } }),
    });
    expect(() => crdSetFromKatalog(katalog, "oci://r.io/web:1", "sha256:abc", [])).toThrow(
      "oci://r.io/web:1: spec.crds.webapp.operatorBox.reconciler.workers: is set here and, with a different " +
        "value, at spec.crds.webapp.operatorBox.reconcile.workers (its place in the newest layout); keep one of the two",
    );
  });

  it("gives an empty set for a Katalog without entries", () => {
    const katalog = parseKatalog({
      file: "k.yaml",
      text: "apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nmetadata: {name: empty}\n",
    });
    const set = crdSetFromKatalog(katalog, "o", "i", []);
    expect(set.crds.size).toBe(0);
    expect(set.blocks).toEqual({});
  });
});

describe("localFileReader", () => {
  it("reads a relative path beside the importing file, and an absolute path as it is", async () => {
    const asked: string[] = [];
    const read = localFileReader((path) => {
      asked.push(path);
      return Promise.resolve(`content of ${path}`);
    }, "/work/team/komposer.yaml");
    await expect(read("katalogs/web.yaml", location)).resolves.toEqual({
      file: "/work/team/katalogs/web.yaml",
      content: "content of /work/team/katalogs/web.yaml",
    });
    await expect(read("/etc/k.yaml", location)).resolves.toEqual({
      file: "/etc/k.yaml",
      content: "content of /etc/k.yaml",
    });
    expect(asked).toEqual(["/work/team/katalogs/web.yaml", "/etc/k.yaml"]);
  });

  it("turns a read failure into a problem at the import, naming the file and the reason", async () => {
    const read = localFileReader(
      () => Promise.reject(new Error("ENOENT: no such file")),
      "/work/komposer.yaml",
    );
    const error = await rejection(read("web.yaml", location));
    expect(error.reason).toBe("FileNotFound");
    expect(error.problems).toEqual([
      {
        file: "/work/komposer.yaml",
        line: 9,
        path: "imports.files[0]",
        message: "cannot read /work/web.yaml: ENOENT: no such file",
        severity: "error",
      },
    ]);
    // A reader may reject with something that is not an Error; the message still says what happened.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    const notAnError = localFileReader(() => Promise.reject("gone"), "/work/komposer.yaml");
    const second = await rejection(notAnError("web.yaml", { file: "/work/komposer.yaml", path: "p" }));
    expect(second.problems).toStrictEqual([
      {
        file: "/work/komposer.yaml",
        path: "p",
        message: "cannot read /work/web.yaml: gone",
        severity: "error",
      },
    ]);
  });

  it("passes the reader's own Komposer errors through unchanged", async () => {
    const refused = new UsageError("a cluster has no local files");
    const read = localFileReader(() => Promise.reject(refused), "/work/komposer.yaml");
    await expect(read("web.yaml", location)).rejects.toBe(refused);
  });
});

describe("packFileName", () => {
  it.each([
    ["web.yaml", "web.yaml"],
    ["./web.yaml", "web.yaml"],
    ["katalogs/../web.yaml", "web.yaml"],
    ["katalogs/web.yaml", "katalogs/web.yaml"],
  ])("%s names %s inside the pack", (path, name) => {
    expect(packFileName(path)).toBe(name);
  });

  it.each(["../web.yaml", "..", "/etc/passwd", "katalogs/../../web.yaml"])("%s points outside", (path) => {
    expect(packFileName(path)).toBeUndefined();
  });
});

describe("artifactFileReader", () => {
  const bytes = new TextEncoder().encode("kind: Katalog\n");
  const pack = {
    ref: "oci://r.io/pack:1",
    digest: "sha256:1",
    files: new Map([["web.yaml", bytes]]),
    annotations: {},
  };

  it("reads a file of the pack, named after the pack", async () => {
    await expect(artifactFileReader(pack, "oci://r.io/pack:1")("./web.yaml", location)).resolves.toEqual({
      file: "oci://r.io/pack:1#web.yaml",
      content: bytes,
    });
  });

  it("refuses a missing file or a path outside, listing the files the pack has", async () => {
    const read = artifactFileReader({ ...pack, names: ["web.yaml", "db.yaml"] }, "oci://r.io/pack:1");
    const missing = await rejection(read("cache.yaml", location));
    expect(missing.problems.map((p) => p.message)).toEqual([
      'oci://r.io/pack:1 has no file "cache.yaml" (files: db.yaml, web.yaml)',
    ]);
    const outside = await rejection(read("../web.yaml", location));
    expect(outside.problems.map((p) => p.message)).toEqual([
      'oci://r.io/pack:1 has no file "../web.yaml" (files: db.yaml, web.yaml)',
    ]);
    const empty = artifactFileReader({ ...pack, files: new Map() }, "p");
    const none = await rejection(empty("web.yaml", location));
    expect(none.problems.map((p) => p.message)).toEqual(['p has no file "web.yaml" (files: none)']);
  });
});
