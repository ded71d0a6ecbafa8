// The Komposer document (docs/reference/documents.md#komposer) and the operator-only spec fields
// (docs/reference/operator.md#spec-fields). The same schemas validate `ork generate bundle -f komposer.yaml`
// input and generate the Komposer CRD, so the file works with both.
import { z } from "zod";
import {
  ApiVersionSchema,
  CarriedBlocksShape,
  CrdKeySchema,
  DigestSchema,
  DurationSchema,
  MetadataSchema,
} from "./common.js";
import { CrdOverrideSchema } from "./crd-entry.js";
import { knownVersionsText, RUNTIME_VERSION_PATTERN } from "./runtime-schema/generations.js";

export const DEFAULT_RUNTIME_DEPLOYMENT = "orkestra-runtime";
export const DEFAULT_INTERVAL = "10m";
export const DEFAULT_REVISION_HISTORY_LIMIT = 5;

export { RECONCILE_REQUEST_ANNOTATION } from "./reconcile-request.js";

export const RegistryAuthSchema = z
  .looseObject({
    type: z.string().optional().describe("Authentication type, e.g. basic or token (CLI only)."),
    fromEnv: z.string().optional().describe("Environment variable holding a token (CLI only)."),
    usernameFromEnv: z.string().optional().describe("Environment variable holding the user name (CLI only)."),
    passwordFromEnv: z.string().optional().describe("Environment variable holding the password (CLI only)."),
  })
  .describe("Credentials from environment variables, read by the CLI; the operator uses spec.pullSecrets.");

export const RegistryImportObjectSchema = z
  .looseObject({
    url: z
      .string({ error: "url is required, e.g. oci://ghcr.io/org/katalogs/webapp:v1.0.0" })
      .min(1, { error: "url must not be empty" })
      .describe("Artifact reference, e.g. oci://ghcr.io/org/katalogs/webapp:v1.0.0 (oci:// optional)."),
    version: z.string().optional().describe("Tag to use when url carries none."),
    useKomposer: z
      .boolean()
      .optional()
      .describe(
        "Import the artifact's komposer.yaml and resolve it recursively instead of its katalog.yaml.",
      ),
    digest: DigestSchema.optional(),
    auth: RegistryAuthSchema.optional(),
  })
  .describe("A registry import in object form.");

export const RegistryImportSchema = z
  .union([z.string().min(1, { error: "an import reference must not be empty" }), RegistryImportObjectSchema])
  .describe("An artifact reference string, or an object with url.");

export const KomposerImportsSchema = z
  .looseObject({
    registry: z
      .array(RegistryImportSchema)
      .optional()
      .describe(
        "OCI artifacts to import, in order: reference strings or {url, version, useKomposer, digest}.",
      ),
    files: z
      .array(z.string().min(1, { error: "a file path must not be empty" }))
      .optional()
      .describe("Local Katalog files, relative to this file (CLI only)."),
  })
  .describe("What this Komposer composes: registry artifacts first, then local files.");

export const PullSecretSchema = z
  .looseObject({ name: z.string().min(1).describe("Name of a kubernetes.io/dockerconfigjson Secret.") })
  .describe("A Secret in the Komposer's namespace holding registry credentials.");

export const KomposerSpecSchema = z
  .looseObject({
    crds: z
      .record(CrdKeySchema, CrdOverrideSchema, { error: "spec.crds must be a map keyed by CRD name" })
      .optional()
      .describe("Overrides keyed by CRD name; they always win over imported entries."),
    restartToken: z
      .string()
      .optional()
      .describe(
        "Change this value to activate the staged bundle and restart the runtime (operator only; the CLI ignores it).",
      ),
    runtime: z
      .looseObject({
        version: z
          .string()
          .regex(RUNTIME_VERSION_PATTERN, {
            error: (issue) =>
              `${JSON.stringify(issue.input)} is not a runtime version; write X.Y.Z, e.g. 0.7.18 (known: ${knownVersionsText()})`,
          })
          .optional()
          .describe(
            "Orkestra runtime version the bundle is for, e.g. 0.7.18: the payload is written and checked in that runtime's Katalog schema generation. Default: the generation the imports are written in.",
          ),
        deployment: z
          .string()
          .default(DEFAULT_RUNTIME_DEPLOYMENT)
          .describe(
            `Name of the runtime Deployment to restart on activation (default ${DEFAULT_RUNTIME_DEPLOYMENT}).`,
          ),
      })
      .optional()
      .describe("The Orkestra runtime this Komposer drives."),
    interval: DurationSchema.default(DEFAULT_INTERVAL).describe(
      `How often tags are re-checked, as a Go duration (default ${DEFAULT_INTERVAL}).`,
    ),
    pullSecrets: z
      .array(PullSecretSchema)
      .optional()
      .describe("dockerconfigjson Secrets in this namespace used to pull imports."),
    suspend: z.boolean().optional().describe("Stop reconciling while true."),
    revisionHistoryLimit: z
      .int({ error: "revisionHistoryLimit must be a whole number" })
      .min(1, { error: "revisionHistoryLimit must be at least 1" })
      .max(100, { error: "revisionHistoryLimit must be at most 100" })
      .default(DEFAULT_REVISION_HISTORY_LIMIT)
      .describe(`How many staged bundle revisions to keep (default ${DEFAULT_REVISION_HISTORY_LIMIT}).`),
  })
  .describe("Overrides and operator settings.");

export const KomposerDocumentSchema = z.looseObject({
  apiVersion: ApiVersionSchema,
  kind: z.literal("Komposer"),
  metadata: MetadataSchema,
  imports: KomposerImportsSchema.optional(),
  spec: KomposerSpecSchema.optional(),
  ...CarriedBlocksShape,
  // Present on objects read back from the cluster; owned by the operator.
  status: z.unknown().optional(),
});

/** A Komposer as the user wrote it (validated; operator defaults filled in; unknown fields kept). */
export type KomposerDocument = z.infer<typeof KomposerDocumentSchema>;
export type KomposerSpec = z.infer<typeof KomposerSpecSchema>;
export type KomposerImports = z.infer<typeof KomposerImportsSchema>;
export type RegistryImport = z.infer<typeof RegistryImportSchema>;
export type RegistryImportObject = z.infer<typeof RegistryImportObjectSchema>;
