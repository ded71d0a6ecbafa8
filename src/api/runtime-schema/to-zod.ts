// Strict zod validators from a schema description (description.ts): one z.strictObject per struct, so an
// unknown key anywhere is an `unrecognized_keys` issue at its exact path — what yaml.v3's KnownFields(true)
// refuses. Built on first use and kept per description: nothing is constructed at module load.
import { z } from "zod";
import { GO_DURATION } from "../common.js";
import { aliasOf, structFields, type SchemaDescription } from "./description.js";

export interface StrictSchemas {
  /** One value of spec.crds. */
  crdEntry: z.ZodType;
  /** The whole katalog.yaml. */
  document: z.ZodType;
  /** Any struct by name (for tests and sub-trees). */
  struct(name: string): z.ZodType;
}

const built = new WeakMap<SchemaDescription, StrictSchemas>();

export function strictSchemasOf(description: SchemaDescription): StrictSchemas {
  let schemas = built.get(description);
  if (!schemas) {
    schemas = buildSchemas(description);
    built.set(description, schemas);
  }
  return schemas;
}

/** upstream's Duration: Go units plus d, w, mo, y (utils.ParseTimeDuration); "" and 0 mean zero. */
export const UPSTREAM_DURATION = /^$|^0$|^(\d+(\.\d+)?(ns|us|µs|ms|mo|s|m|h|d|w|y))+$/;

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value !== null && typeof value === "object") return "a map";
  return value === null ? "null" : `a ${typeof value}`;
}

/** yaml.v3 decodes any scalar into a Go string (its text), but never a mapping or a list. */
const scalarText = () =>
  z.union([z.string(), z.number(), z.boolean()], {
    error: (issue) => `must be a string, found ${describe(issue.input)}`,
  });

const upstreamDuration = () =>
  z
    .union([z.string(), z.number()], {
      error: (issue) => `must be a duration such as 30s, 1m or 1h30m, found ${describe(issue.input)}`,
    })
    .refine((value) => UPSTREAM_DURATION.test(String(value)), {
      error: (issue) => `${JSON.stringify(issue.input)} is not a duration; write e.g. 30s, 1m, 1h30m or 7d`,
    });

/** A native time.Duration: yaml.v3 takes only a Go duration string (no d/w units, no bare number). */
const goDuration = () =>
  z.string({ error: "must be a Go duration string such as 30s, 1m or 1h30m" }).regex(GO_DURATION, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a Go duration; write e.g. 30s, 1m or 1h30m`,
  });

function buildSchemas(description: SchemaDescription): StrictSchemas {
  const cache = new Map<string, z.ZodType>();
  const struct = (name: string): z.ZodType => {
    const existing = cache.get(name);
    if (existing) return existing;
    if (description.structs[name] === undefined)
      throw new Error(`runtime schema: ${name} is referenced but not described`);
    // Registered lazily first so recursive structs (HookTemplates.groups) refer to themselves.
    const lazy = z.lazy(() => {
      const alias = aliasOf(description, name);
      return alias !== undefined ? typeOf(alias, struct) : objectOf(name);
    });
    cache.set(name, lazy);
    return lazy;
  };
  const objectOf = (name: string): z.ZodType => {
    const { fields, open } = structFields(description, name)!;
    const shape: Record<string, z.ZodType> = {};
    for (const [key, token] of fields) shape[key] = typeOf(token, struct).nullable().optional();
    return open ? z.looseObject(shape) : z.strictObject(shape);
  };
  return { crdEntry: struct(description.crdEntry), document: struct(description.document), struct };
}

function typeOf(token: string, struct: (name: string) => z.ZodType): z.ZodType {
  if (token.startsWith("[]")) return z.array(typeOf(token.slice(2), struct).nullable());
  if (token.startsWith("{}")) return z.record(z.string(), typeOf(token.slice(2), struct).nullable());
  if (token === "~") return z.strictObject({});
  const call = /^(\w+)\((.*)\)$/.exec(token);
  if (call) {
    const [, fn, args] = call as unknown as [string, string, string];
    if (fn === "enum") return z.enum(args.split("|") as [string, ...string[]]);
    if (fn === "either")
      return z.union(args.split(",").map((t) => typeOf(t, struct)) as [z.ZodType, z.ZodType]);
    if (fn === "int") {
      const [min, max] = args.split(",").map(Number) as [number, number];
      const message = `must be a whole number between ${min} and ${max}`;
      return z
        .int({ error: "must be a whole number" })
        .min(min, { error: message })
        .max(max, { error: message });
    }
    throw new Error(`runtime schema: bad type token "${token}"`);
  }
  switch (token) {
    case "str":
      return scalarText();
    case "bool":
      return z.boolean();
    case "int":
      return z.int({ error: "must be a whole number" });
    case "num":
      return z.number();
    case "dur":
      return upstreamDuration();
    case "gdur":
      return goDuration();
    case "any":
      return z.unknown();
    default:
      return struct(token);
  }
}
