// The Katalog document (docs/reference/documents.md#katalog): one or more operators, published as an
// artifact's `katalog.yaml`.
import { z } from "zod";
import { ApiVersionSchema, CarriedBlocksShape, CrdKeySchema, MetadataSchema } from "./common.js";
import { CrdEntrySchema } from "./crd-entry.js";

export const KatalogSpecSchema = z
  .looseObject({
    crds: z
      .record(CrdKeySchema, CrdEntrySchema, { error: "spec.crds must be a map keyed by CRD name" })
      .optional()
      .describe("Operators keyed by CRD name (a lower-case RFC 1123 label)."),
  })
  .describe("The operators this Katalog provides.");

export const KatalogDocumentSchema = z.looseObject({
  apiVersion: ApiVersionSchema,
  kind: z.literal("Katalog"),
  metadata: MetadataSchema,
  spec: KatalogSpecSchema.optional(),
  ...CarriedBlocksShape,
});

/** A Katalog as the user wrote it (validated; unknown fields kept). */
export type KatalogDocument = z.infer<typeof KatalogDocumentSchema>;
export type KatalogSpec = z.infer<typeof KatalogSpecSchema>;
