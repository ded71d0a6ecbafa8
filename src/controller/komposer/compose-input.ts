// The Komposer object as a document for composeBundle: what the user wrote (imports, spec) and the metadata
// the CLI would read from the same file. Kubernetes bookkeeping (uid, managedFields, Argo CD's tracking
// annotations) stays out, and so does metadata.namespace: in a Komposer file it is the logical grouping of
// docs/reference/documents.md#common-to-both-kinds, while on the object it is the Kubernetes namespace, so
// passing it would change the bundle.
import { MetadataAnnotation } from "../../api/metadata.js";
import { InvalidInputError } from "../../core/errors.js";
import type { DocumentInput } from "../../core/parse-document.js";
import type { ReadLocalFile } from "../../core/resolve-imports.js";
import { KOMPOSER_API_VERSION, KOMPOSER_KIND, type KomposerObject } from "./komposer-object.js";

export function documentLabel(komposer: KomposerObject): string {
  return `Komposer ${komposer.metadata.namespace}/${komposer.metadata.name}`;
}

export function komposerDocument(komposer: KomposerObject): DocumentInput {
  const annotations = Object.fromEntries(
    Object.values(MetadataAnnotation)
      .map((key): [string, string | undefined] => [key, komposer.metadata.annotations?.[key]])
      .filter((entry): entry is [string, string] => typeof entry[1] === "string"),
  );
  const metadata: Record<string, unknown> = { name: komposer.metadata.name };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  const object: Record<string, unknown> = { apiVersion: KOMPOSER_API_VERSION, kind: KOMPOSER_KIND, metadata };
  if (komposer.imports !== undefined) object.imports = komposer.imports;
  if (komposer.spec !== undefined) object.spec = komposer.spec;
  return { file: documentLabel(komposer), object };
}

/** A cluster has no local files: `imports.files` is for the CLI (the error says what to do instead). */
export function assertNoLocalFiles(komposer: KomposerObject): void {
  const files = (komposer.imports as { files?: unknown } | undefined)?.files;
  if (!Array.isArray(files) || files.length === 0) return;
  throw new InvalidInputError(
    "LocalFilesUnsupported",
    files.map((file, i) => ({
      file: documentLabel(komposer),
      path: `imports.files[${i}]`,
      message:
        `local file ${JSON.stringify(file)} cannot be read by the operator; push it with ` +
        "`ork push` and list it under imports.registry (imports.files is for the ork CLI only)",
      severity: "error" as const,
    })),
  );
}

export const refuseLocalFiles: ReadLocalFile = (path) =>
  Promise.reject(
    new InvalidInputError("LocalFilesUnsupported", [
      {
        file: path,
        path: "imports.files",
        message:
          "the operator cannot read local files; publish them with `ork push` and import them by reference",
        severity: "error",
      },
    ]),
  );
