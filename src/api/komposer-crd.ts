// The Komposer CustomResourceDefinition (docs/reference/operator.md#the-komposer-crd), generated from the zod
// schemas so that the file users `kubectl apply` and the file `ork` reads are validated by one contract.
// crds/ holds the generated YAML; src/api/komposer-crd.test.ts fails when it drifts (regenerate with `npm run
// generate:crd`).
import { z } from "zod";
import { KomposerImportsSchema, KomposerSpecSchema } from "./komposer.js";
import { KomposerStatusSchema } from "./komposer-status.js";
import { toStructuralSchema, type JsonSchema, type StructuralSchema } from "./structural-schema.js";

export const KOMPOSER_GROUP = "orkestra.orkspace.io";
export const KOMPOSER_VERSION = "v1";
export const KOMPOSER_PLURAL = "komposers";
export const KOMPOSER_CRD_NAME = `${KOMPOSER_PLURAL}.${KOMPOSER_GROUP}`;

function jsonSchemaOf(schema: z.ZodType): JsonSchema {
  // "input": what users may write (defaults make fields optional); unrepresentable refinements become open.
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: "input",
    unrepresentable: "any",
  }) as JsonSchema;
  return rest;
}

/**
 * Import items are string-or-object, which a structural schema can only hold as an untyped node with
 * preserved fields. CEL rules cannot be declared on (or above) untyped nodes — kube-apiserver 1.35 rejects
 * the CRD with "unable to convert structural schema to CEL declarations" — so the item check is zod's, in
 * the operator, reported in status (docs/decisions/0005-komposer-crd.md).
 */
function importsSchema(): StructuralSchema {
  return toStructuralSchema(jsonSchemaOf(KomposerImportsSchema));
}

function specSchema(): StructuralSchema {
  const spec = toStructuralSchema(jsonSchemaOf(KomposerSpecSchema));
  const properties = spec.properties as Record<string, StructuralSchema>;
  // Override entries are open CRD entries (upstream adds fields often): the server keeps what it does not
  // know, zod validates the merged result and the operator reports problems in status.
  const crds = properties.crds as StructuralSchema;
  crds.additionalProperties = {
    ...(crds.additionalProperties as StructuralSchema),
    "x-kubernetes-preserve-unknown-fields": true,
  };
  return spec;
}

const printerColumns = [
  { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
  { name: "Desired", type: "string", jsonPath: ".status.desired.shortDigest" },
  { name: "Active", type: "string", jsonPath: ".status.active.shortDigest" },
  { name: "Pending", type: "string", jsonPath: '.status.conditions[?(@.type=="RestartPending")].status' },
  { name: "Token", type: "string", jsonPath: ".status.observedRestartToken" },
  { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
  { name: "Katalogs", type: "integer", jsonPath: ".status.katalogs", priority: 1 },
  {
    name: "Message",
    type: "string",
    jsonPath: '.status.conditions[?(@.type=="Ready")].message',
    priority: 1,
  },
];

export function buildKomposerCrd(): Record<string, unknown> {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: {
      name: KOMPOSER_CRD_NAME,
      labels: { "app.kubernetes.io/name": "komposer", "app.kubernetes.io/part-of": "orkestra" },
    },
    spec: {
      group: KOMPOSER_GROUP,
      names: {
        kind: "Komposer",
        listKind: "KomposerList",
        plural: KOMPOSER_PLURAL,
        singular: "komposer",
        shortNames: ["kmp"],
        categories: ["orkestra"],
      },
      scope: "Namespaced",
      versions: [
        {
          name: KOMPOSER_VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          additionalPrinterColumns: printerColumns,
          schema: {
            openAPIV3Schema: {
              type: "object",
              description:
                "A Komposer imports Orkestra katalogs from OCI registries, merges them with inline overrides and produces the runtime bundle. The same file works with `ork generate bundle -f`.",
              properties: {
                apiVersion: { type: "string" },
                kind: { type: "string" },
                metadata: { type: "object" },
                imports: importsSchema(),
                spec: specSchema(),
                status: toStructuralSchema(jsonSchemaOf(KomposerStatusSchema)),
              },
            },
          },
        },
      ],
    },
  };
}
