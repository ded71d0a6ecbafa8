// Which runtime a composition is for (docs/reference/runtime-generations.md#choosing-the-target):
// `--runtime-version`, else the root Komposer's spec.runtime.version, else detected from the generations the
// enabled CRDs are written in.
import type { EffectiveCrd } from "../../api/effective.js";
import { InvalidInputError, UsageError } from "../errors.js";
import type { ParsedDocument } from "../parse-document.js";
import { detectedTarget, explicitTarget, type RuntimeTarget } from "./detect.js";

export interface TargetInputs {
  flag?: string;
  roots: readonly ParsedDocument[];
  crds: readonly EffectiveCrd[];
}

export function chooseRuntimeTarget({ flag, roots, crds }: TargetInputs): RuntimeTarget {
  if (flag !== undefined) {
    const found = explicitTarget(flag, "flag");
    if (!found.ok) throw new UsageError(`--runtime-version: ${found.message}`);
    return found.target;
  }
  const asked = roots.flatMap((root) => {
    const version = root.kind === "Komposer" ? root.document.spec?.runtime?.version : undefined;
    return typeof version === "string" ? [{ root, version }] : [];
  });
  const distinct = [...new Set(asked.map((a) => a.version))];
  if (distinct.length > 1) {
    throw new InvalidInputError(
      "ConflictingRuntimeVersions",
      asked.map(({ root, version }) => ({
        file: root.file,
        ...lineOf(root),
        path: "spec.runtime.version",
        message: `asks for runtime ${version}, another file for ${distinct.find((v) => v !== version)}; one bundle runs on one runtime`,
        severity: "error" as const,
      })),
    );
  }
  const first = asked[0];
  if (first) {
    const found = explicitTarget(first.version, "komposer");
    if (!found.ok) {
      throw new InvalidInputError("UnknownRuntimeVersion", [
        {
          file: first.root.file,
          ...lineOf(first.root),
          path: "spec.runtime.version",
          message: found.message,
          severity: "error",
        },
      ]);
    }
    return found.target;
  }
  return detectedTarget(crds.filter((crd) => crd.entry.enabled !== false).map((crd) => crd.written));
}

function lineOf(root: ParsedDocument): { line?: number } {
  const line = root.locate(["spec", "runtime", "version"]);
  return line === undefined ? {} : { line };
}
