// Mistakes that deserve a specific message instead of zod's generic one, checked on the raw value before
// schema validation: the wrong kind, `crds:` written as a list, fields that upstream refuses (`crdFile`,
// `imports.helm`, `spec.imports`), `imports` on a Katalog. Schema issues under these paths are then dropped,
// so each mistake is reported once.
import { Kind } from "../api/common.js";
import type { Problem } from "./errors.js";
import { isPlainObject, type FieldPath } from "./field-path.js";
import { problemAt } from "./schema-problems.js";
import type { YamlSource } from "./yaml-source.js";

export interface ShapeCheck {
  /** The document's kind, when it is one we know. */
  kind?: Kind;
  problems: Problem[];
  /** The paths the problems are about; schema issues at or below them are not reported again. */
  paths: FieldPath[];
  /** True when validating further would only produce noise (not a map, wrong or unknown kind). */
  fatal: boolean;
}

const MISMATCH_HINT: Readonly<Record<Kind, string>> = {
  Katalog:
    "a Komposer artifact is imported with `useKomposer: true`, and imports.files must name Katalog files",
  Komposer: "to import an artifact's katalog.yaml, drop `useKomposer: true`",
};

export function checkDocumentShape(source: YamlSource, expected?: Kind): ShapeCheck {
  const check: ShapeCheck = { problems: [], paths: [], fatal: false };
  const add = (path: FieldPath, message: string) => {
    check.problems.push(problemAt(source, path, message));
    check.paths.push(path);
  };
  const doc = source.value;
  if (!isPlainObject(doc)) {
    add([], "a document must be a YAML map with apiVersion, kind, metadata and spec");
    return { ...check, fatal: true };
  }
  const kind = doc.kind;
  if (kind !== Kind.Katalog && kind !== Kind.Komposer) {
    const wanted = expected ?? "Katalog or Komposer";
    add(["kind"], `kind must be ${wanted}, found ${kind === undefined ? "no kind" : JSON.stringify(kind)}`);
    return { ...check, fatal: true };
  }
  if (expected !== undefined && kind !== expected) {
    add(["kind"], `expected kind: ${expected}, found kind: ${kind}; ${MISMATCH_HINT[expected]}`);
    return { ...check, kind, fatal: true };
  }
  check.kind = kind;
  if (kind === Kind.Katalog) checkKatalog(doc, add);
  else checkKomposer(doc, add);
  return check;
}

type Add = (path: FieldPath, message: string) => void;

function checkKatalog(doc: Record<string, unknown>, add: Add): void {
  if (doc.imports !== undefined) {
    add(
      ["imports"],
      "imports are only allowed in a Komposer; to compose katalogs, write a Komposer that imports this Katalog",
    );
  }
  checkCrds(doc.spec, add);
}

function checkKomposer(doc: Record<string, unknown>, add: Add): void {
  const imports = doc.imports;
  if (isPlainObject(imports) && imports.helm !== undefined) {
    add(
      ["imports", "helm"],
      "imports.helm is not supported: publish the operator as a Katalog artifact and list it under imports.registry",
    );
  }
  const spec = doc.spec;
  if (isPlainObject(spec) && spec.imports !== undefined) {
    add(
      ["spec", "imports"],
      "spec.imports is not allowed in a Komposer: move it to the top-level imports block",
    );
  }
  checkCrds(spec, add);
}

function checkCrds(spec: unknown, add: Add): void {
  if (!isPlainObject(spec)) return;
  const crds = spec.crds;
  if (Array.isArray(crds)) {
    add(["spec", "crds"], "spec.crds must be a map keyed by CRD name (e.g. `webapp:`), not a list");
    return;
  }
  if (!isPlainObject(crds)) return;
  for (const [key, entry] of Object.entries(crds)) {
    if (isPlainObject(entry) && entry.crdFile !== undefined) {
      add(
        ["spec", "crds", key, "crdFile"],
        "crdFile is not supported in bundles: write explicit apiTypes {group, version, kind, plural} instead",
      );
    }
  }
}
