// The Komposer's status (docs/reference/operator.md#status), written only by the operator. The zod schema
// documents the shape and generates the CRD's status schema; the controller builds values of the inferred
// type.
import { z } from "zod";

export const ConditionType = {
  Ready: "Ready",
  Reconciling: "Reconciling",
  Stalled: "Stalled",
  Resolved: "Resolved",
  RestartPending: "RestartPending",
  RuntimeFound: "RuntimeFound",
} as const;
export type ConditionType = (typeof ConditionType)[keyof typeof ConditionType];

/** metav1.Condition. */
export const ConditionSchema = z.object({
  type: z.string().describe("Ready, Reconciling, Stalled, Resolved, RestartPending or RuntimeFound."),
  status: z.enum(["True", "False", "Unknown"]),
  observedGeneration: z.int().optional().describe("The generation this condition was computed from."),
  lastTransitionTime: z.string().describe("When status last changed (RFC 3339)."),
  reason: z.string().describe("CamelCase reason, e.g. Activated, ResolveFailed, RestartPending."),
  message: z.string().describe("What happened, and what to do about it."),
});
export type Condition = z.infer<typeof ConditionSchema>;

const BundleRefShape = {
  digest: z.string().describe("sha256 digest of the bundle."),
  shortDigest: z.string().describe("First 10 hex digits of the digest, as shown by kubectl get."),
  configMap: z.string().describe("The revision ConfigMap holding this bundle."),
};

export const KomposerStatusSchema = z
  .object({
    observedGeneration: z.int().optional().describe("The last generation fully processed."),
    conditions: z.array(ConditionSchema).optional(),
    desired: z
      .object(BundleRefShape)
      .optional()
      .describe("The bundle rendered from the current generation (staged)."),
    active: z
      .object({
        ...BundleRefShape,
        restartToken: z.string().optional().describe("The restart token that activated it."),
        activatedAt: z.string().describe("When it was activated (RFC 3339)."),
      })
      .optional()
      .describe("The bundle in orkestra-katalog, which the runtime reads at start-up."),
    observedRestartToken: z.string().optional().describe("The spec.restartToken last acted upon."),
    lastHandledReconcileAt: z
      .string()
      .optional()
      .describe(
        "The value of the komposer.orkestra.orkspace.io/requestedAt annotation last handled (tags re-resolved).",
      ),
    resolved: z
      .array(
        z.object({
          ref: z.string().describe("The import as resolved, oci://host/repo:tag."),
          digest: z.string().describe("The artifact's manifest digest."),
          kind: z.string().describe("Katalog or Komposer."),
          crds: z.array(z.string()).describe("CRD keys it contributed."),
          signals: z
            .object({
              e2e: z.string().optional(),
              simulate: z.string().optional(),
              deprecated: z.string().optional(),
            })
            .optional()
            .describe("Quality signals from the artifact's annotations."),
        }),
      )
      .optional()
      .describe("Every artifact the composition used, with its digest (the operator's lock file)."),
    katalogs: z.int().optional().describe("How many artifacts were resolved."),
    runtimeSchema: z
      .object({
        generation: z
          .int()
          .describe("The Katalog schema generation the desired payload is written in (1, 2 or 3)."),
        version: z
          .string()
          .describe("The runtime version asked for, or the newest of the detected generation."),
        source: z.string().describe("spec (spec.runtime.version) or detected (from the imported entries)."),
      })
      .optional()
      .describe("The runtime the desired bundle is written and checked for."),
    crds: z.array(z.string()).optional().describe("The enabled CRD keys of the desired bundle."),
  })
  .describe("Observed state, written by the Komposer operator.");

export type KomposerStatus = z.infer<typeof KomposerStatusSchema>;
