// One CRD entry of a Katalog (docs/reference/documents.md#katalog), and the override form a Komposer writes
// for it (docs/reference/resolution.md#overrides). Entries are loose here: which fields exist depends on the
// runtime generation, so the strict check happens against the target generation's description
// (src/api/runtime-schema) once the target is known. No defaults are filled in: the bundle carries what the
// user wrote.
import { z } from "zod";
import { DurationSchema } from "./common.js";

/** DNS subdomain, or "" for the core API group (operators on built-in types). */
const API_GROUP = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const DEFAULT_API_PATH = "/apis";

export const WEBHOOK_OPERATIONS = ["CREATE", "UPDATE", "DELETE", "CONNECT"] as const;

/** A required apiTypes string; a missing one says what to write (wrong types get the generic message). */
const requiredApiField = (field: string, example: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined ? `apiTypes.${field} is required, e.g. ${example}` : undefined,
  });

const apiTypesFields = {
  group: requiredApiField("group", "apps.myorg.io")
    .regex(API_GROUP, { error: "apiTypes.group must be a lower-case DNS subdomain such as apps.myorg.io" })
    .describe("API group of the watched resource, e.g. apps.myorg.io."),
  version: requiredApiField("version", "v1")
    .regex(/^[a-z][a-z0-9]*$/, {
      error: "apiTypes.version must be a lower-case version such as v1 or v1beta1",
    })
    .describe("API version, e.g. v1."),
  kind: requiredApiField("kind", "WebApp")
    .regex(/^[A-Z][A-Za-z0-9]*$/, {
      error: "apiTypes.kind must be CamelCase starting with a capital, e.g. WebApp",
    })
    .describe("Kind, e.g. WebApp."),
  plural: requiredApiField("plural", "webapps")
    .regex(/^[a-z][a-z0-9-]*$/, { error: "apiTypes.plural must be lower-case, e.g. webapps" })
    .describe("Plural resource name, e.g. webapps; used for RBAC."),
  apiPath: z
    .string()
    .startsWith("/", { error: "apiTypes.apiPath must start with '/', e.g. /apis" })
    .optional()
    .describe(`API path prefix (default ${DEFAULT_API_PATH}).`),
};

const webhooksFields = {
  validation: z.boolean().optional().describe("Serve a validating webhook."),
  mutation: z.boolean().optional().describe("Serve a mutating webhook."),
  operations: z
    .array(z.enum(WEBHOOK_OPERATIONS, { error: "webhook operations are CREATE, UPDATE, DELETE or CONNECT" }))
    .optional()
    .describe("Operations the webhooks intercept: CREATE, UPDATE, DELETE, CONNECT."),
};

const deletionProtectionFields = {
  protectCRD: z.boolean().optional().describe("Refuse deletion of the CRD itself."),
  protectCRs: z.boolean().optional().describe("Refuse deletion of custom resources."),
  strictMode: z.boolean().optional().describe("Apply protection strictly."),
};

/** Identity and switches every generation keeps at CRD level. */
const commonFields = {
  enabled: z.boolean().optional().describe("false keeps this CRD out of the bundle (default true)."),
  namespaced: z.boolean().optional().describe("Whether the custom resource is namespaced (default true)."),
  namespace: z.string().optional().describe("Watch only this namespace."),
  description: z.string().optional().describe("What this operator does."),
  // Written by the bundle renderer; accepted so a bundle's katalog.yaml reads back as input.
  katalogName: z.string().optional(),
  katalogNamespace: z.string().optional(),
  katalogVersion: z.string().optional(),
  katalogDescription: z.string().optional(),
};

/**
 * The seed's tuning vocabulary (docs/reference/runtime-generations.md#portable-overrides): written at CRD
 * level in an override, each is placed where the target runtime generation keeps it
 * (operatorBox.reconcile.workers in generation 3, …).
 */
const portableFields = {
  workers: z
    .int({ error: "workers must be a whole number between 1 and 50" })
    .min(1, { error: "workers must be between 1 and 50" })
    .max(50, { error: "workers must be between 1 and 50" })
    .optional()
    .describe("Concurrent reconcile workers, 1-50; placed where the target runtime keeps it."),
  resync: DurationSchema.optional().describe(
    "Periodic resync as a Go duration, e.g. 30s, 1m, 1h30m; placed where the target runtime keeps it.",
  ),
};

export const ApiTypesSchema = z
  .looseObject(apiTypesFields)
  .describe("The watched resource: group, version, kind, plural (all required), apiPath.");

/**
 * A CRD entry in any runtime generation: what every generation shares is checked here; where the rest lives
 * depends on the generation (src/api/runtime-schema), and the payload is checked strictly against the target.
 */
export const CrdEntrySchema = z
  .looseObject({
    apiTypes: ApiTypesSchema,
    ...commonFields,
  })
  .describe("One operator: the resource it watches and how it behaves (layout per runtime generation).");

export type CrdEntry = z.infer<typeof CrdEntrySchema>;

type Unwrapped<T> = T extends z.ZodOptional<infer U> ? U : T;
type Patchable<S extends Record<string, z.ZodType>> = {
  [K in keyof S]: z.ZodOptional<z.ZodNullable<Unwrapped<S[K]>>>;
};

/** Every field optional and nullable: an RFC 7396 patch where `null` deletes. */
function patchable<S extends Record<string, z.ZodType>>(shape: S): Patchable<S> {
  const out: Record<string, z.ZodType> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
    out[key] = inner.nullable().optional();
  }
  return out as Patchable<S>;
}

/**
 * An inline `spec.crds.<key>` of a Komposer: a JSON Merge Patch over the imported entry. Types are checked
 * here so mistakes show with their line; the merged entry is validated again in full.
 */
export const CrdOverrideSchema = z
  .looseObject({
    apiTypes: z.looseObject(patchable(apiTypesFields)).nullable().optional(),
    ...patchable(commonFields),
    ...patchable(portableFields),
    queue: z
      .record(z.string(), z.unknown())
      .nullable()
      .optional()
      .describe("Work queue settings; placed where the target runtime keeps them."),
    webhooks: z.looseObject(patchable(webhooksFields)).nullable().optional(),
    deletionProtection: z.looseObject(patchable(deletionProtectionFields)).nullable().optional(),
    from: z
      .string()
      .min(1)
      .optional()
      .describe(
        "With enabled: false, the import (as written in imports.registry, or a file) whose entry for this key is dropped; settles a duplicate CRD key between imports.",
      ),
    remove: z
      .array(z.string().min(1, { error: "a field path in remove must not be empty" }), {
        error: "remove must be a list of field paths, e.g. [webhooks, deletionProtection.strictMode]",
      })
      .optional()
      .describe(
        "Fields to delete from the imported entry, as dotted paths (e.g. webhooks, deletionProtection.strictMode). Same effect as writing null there, but survives kubectl client-side apply, which drops nulls.",
      ),
    operatorBox: z
      .record(z.string(), z.unknown(), { error: "operatorBox must be a mapping" })
      .nullable()
      .optional()
      .describe("The operator's behaviour, in the layout of the target runtime generation."),
  })
  .describe(
    "Override for an imported CRD, applied as a JSON Merge Patch (RFC 7396): maps merge, lists are replaced, null removes a field. workers, resync, queue, webhooks and deletionProtection at this level are placed where the target runtime generation keeps them. A key matching no import adds a complete CRD. A null is dropped by kubectl client-side apply: in applied files use remove: [field] instead.",
  );

export type CrdOverride = z.infer<typeof CrdOverrideSchema>;
