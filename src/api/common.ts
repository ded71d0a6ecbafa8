// Building blocks shared by the Katalog and Komposer schemas: the API version, metadata, CRD keys, durations
// and digests. Every `.describe()` text ends up in the generated CRD, so `kubectl explain` shows it.
import { z } from "zod";

export const API_VERSION = "orkestra.orkspace.io/v1";

export const Kind = { Katalog: "Katalog", Komposer: "Komposer" } as const;
export type Kind = (typeof Kind)[keyof typeof Kind];

/** Lower-case RFC 1123 label: what Kubernetes accepts as a name segment, and what upstream uses as a CRD key. */
export const RFC1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Go `time.ParseDuration` syntax without sign: one or more `<number><unit>` pairs, e.g. `1h30m`, `1.5s`. */
export const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

export const SHA256_DIGEST = /^sha256:[a-f0-9]{64}$/;

export const ApiVersionSchema = z
  .literal(API_VERSION, { error: `apiVersion must be "${API_VERSION}"` })
  .describe(`Always ${API_VERSION}.`);

export const CrdKeySchema = z
  .string()
  .regex(RFC1123_LABEL, {
    error: (issue) =>
      `CRD key ${JSON.stringify(issue.input)} must be a lower-case RFC 1123 label (a-z, 0-9 and '-', at most 63 characters), e.g. "webapp"`,
  })
  .describe("CRD key: a lower-case RFC 1123 label such as `webapp`.");

export const DurationSchema = z
  .string({ error: "must be a Go duration string such as 30s, 1m or 1h30m" })
  .regex(GO_DURATION, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a Go duration; write e.g. 30s, 1m or 1h30m`,
  });

export const DigestSchema = z
  .string()
  .regex(SHA256_DIGEST, {
    error: (issue) =>
      `${JSON.stringify(issue.input)} is not a digest; write sha256: followed by 64 lower-case hex digits`,
  })
  .describe("Content digest `sha256:<64 hex>` pinning the artifact; a different digest is an error.");

const optionalText = (description: string) => z.string().optional().describe(description);

/**
 * Document metadata. Loose because a Komposer read from the cluster carries Kubernetes ObjectMeta fields
 * (uid, resourceVersion, managedFields…), which we tolerate but never use.
 */
export const MetadataSchema = z
  .looseObject({
    name: z
      .string({ error: "metadata.name is required" })
      .min(1, { error: "metadata.name must not be empty" }),
    description: optionalText("What this document provides."),
    version: optionalText('Version of this document, e.g. 1.0.0 (quote numbers such as "1.0").'),
    author: optionalText("Author or owning team."),
    license: optionalText("License identifier, e.g. Apache-2.0."),
    tags: z.array(z.string()).optional().describe("Free-form tags."),
    namespace: optionalText("Logical grouping (default `default`); not a Kubernetes namespace in files."),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  })
  .describe("Document metadata; name is required.");

export type Metadata = z.infer<typeof MetadataSchema>;

/**
 * Top-level blocks other than `spec` that upstream documents carry. We do not interpret them (except that
 * `security` is merged, docs/reference/resolution.md#overrides); they travel into the bundle so the runtime
 * sees them.
 */
export const CARRIED_BLOCKS = [
  "security",
  "gateway",
  "notification",
  "providers",
  "profiles",
  "notes",
  "lifecycle",
  "publish",
] as const;
export type CarriedBlock = (typeof CARRIED_BLOCKS)[number];

const carried = (what: string) =>
  z.unknown().optional().describe(`${what}; carried into the bundle unchanged.`);

export const CarriedBlocksShape = {
  security: z
    .record(z.string(), z.unknown())
    .optional()
    .describe("Runtime security settings; merged in import order with JSON Merge Patch, this document last."),
  gateway: carried("Upstream gateway settings"),
  notification: carried("Upstream notification settings"),
  providers: carried("Upstream providers"),
  profiles: carried("Upstream profiles"),
  notes: carried("Free-form notes"),
  lifecycle: carried("Upstream lifecycle settings"),
  publish: carried("Upstream publishing settings"),
};
