// Turns the JSON Schema that zod emits (draft 2020-12) into a Kubernetes *structural* OpenAPI v3 schema, so
// the Komposer CRD is generated from the very schemas the core validates with. Kubernetes accepts a subset:
// every node has a type (or preserves unknown fields), no anyOf of different types, nullable instead of
// `type: [T, "null"]`, no propertyNames, no $schema. Each rule below maps one JSON Schema habit of zod's
// output to its structural equivalent; anything richer stays with zod, which the operator runs anyway.

export interface JsonSchema {
  type?: string | string[];
  description?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  [key: string]: unknown;
}

export type StructuralSchema = Record<string, unknown>;

const isNullSchema = (s: JsonSchema): boolean => s.type === "null";

/** Schemas of different types (string-or-object): the API server keeps the value, zod checks it. */
function openNode(schema: JsonSchema): StructuralSchema {
  return {
    ...(schema.description ? { description: schema.description } : {}),
    "x-kubernetes-preserve-unknown-fields": true,
  };
}

function withNullable(node: StructuralSchema, nullable: boolean): StructuralSchema {
  return nullable ? { ...node, nullable: true } : node;
}

function convertObject(schema: JsonSchema, out: StructuralSchema): void {
  out.type = "object";
  if (schema.properties) {
    out.properties = Object.fromEntries(
      Object.entries(schema.properties).map(([name, child]) => [name, toStructuralSchema(child)]),
    );
    if (schema.required?.length) out.required = [...schema.required];
  }
  const extra = schema.additionalProperties;
  if (extra && typeof extra === "object" && Object.keys(extra).length > 0) {
    // A map (`z.record`): typed values under arbitrary keys.
    out.additionalProperties = toStructuralSchema(extra);
  } else if (
    extra === undefined ||
    (typeof extra === "object" && Object.keys(extra).length === 0) ||
    extra === true
  ) {
    // A loose object (`z.looseObject`) or an open record: unknown fields are kept, never pruned.
    if (!schema.properties || extra !== undefined) out["x-kubernetes-preserve-unknown-fields"] = true;
  }
}

export function toStructuralSchema(schema: JsonSchema): StructuralSchema {
  if (schema.anyOf) return fromAnyOf(schema, schema.anyOf);
  const { type, nullable } = singleType(schema.type);
  // No single type: `z.unknown()` (any value at all) or a union of types, which a structural schema cannot say.
  if (type === undefined) return withNullable(openNode(schema), nullable);
  const out: StructuralSchema = { type };
  copyConstraints(schema, out);
  if (type === "object") convertObject(schema, out);
  if (type === "array") out.items = schema.items ? toStructuralSchema(schema.items) : openNode({});
  return withNullable(out, nullable);
}

/** `T | null` becomes T marked nullable; any other union is left open. */
function fromAnyOf(schema: JsonSchema, anyOf: JsonSchema[]): StructuralSchema {
  const nonNull = anyOf.filter((s) => !isNullSchema(s));
  const nullable = nonNull.length < anyOf.length;
  const [only] = nonNull;
  if (nonNull.length === 1 && only) {
    const inner = toStructuralSchema({ ...only, description: only.description ?? schema.description });
    return withNullable(inner, nullable);
  }
  return withNullable(openNode(schema), nullable);
}

function singleType(type: JsonSchema["type"]): { type?: string; nullable: boolean } {
  if (!Array.isArray(type)) return type === undefined ? { nullable: false } : { type, nullable: false };
  const nonNull = type.filter((t) => t !== "null");
  const nullable = nonNull.length < type.length;
  return nonNull.length === 1 && nonNull[0] !== undefined ? { type: nonNull[0], nullable } : { nullable };
}

const COPIED_CONSTRAINTS = [
  "pattern",
  "minLength",
  "maxLength",
  "minimum",
  "maximum",
  "minItems",
  "maxItems",
] as const;

function copyConstraints(schema: JsonSchema, out: StructuralSchema): void {
  if (schema.description) out.description = schema.description;
  if (schema.default !== undefined) out.default = schema.default;
  if (schema.const !== undefined) out.enum = [schema.const];
  if (schema.enum) out.enum = [...schema.enum];
  for (const key of COPIED_CONSTRAINTS) {
    if (schema[key] !== undefined) out[key] = schema[key];
  }
}
