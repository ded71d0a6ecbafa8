// The language the runtime-schema descriptions are written in. Upstream Orkestra decodes katalog.yaml with
// yaml.v3 and KnownFields(true): every Go struct is a closed set of keys, and each key's Go type decides which
// YAML values decode. A description mirrors that as data — one line per struct — so a new runtime generation
// is a new table plus a list of moves (moves.ts), never new code.
//
// A struct is one string of fields separated by spaces: `key` (a Go string) or `key:token`. Tokens (what
// yaml.v3 accepts into the Go type):
//   str           any scalar (yaml.v3 stores a number or bool scalar into a Go string as its text); the default
//   bool          true or false
//   int           a whole number; `int(1,50)` adds upstream's validate range
//   num           any number (float64)
//   dur           upstream's Duration: a duration string such as 30s, 1h30m, 7d (Go units plus d, w, mo, y)
//   gdur          a native time.Duration: a Go duration string only (30s, 1h30m)
//   any           interface{} / map[string]interface{}: anything
//   enum(a|b|c)   a string from the list (only where upstream validates it at load)
//   either(A,B)   whatever A or B accepts (a type with its own UnmarshalYAML)
//   Name          another struct of the description
//   []T           a list of T;  {}T  a map from string keys to T
//   ~             a placeholder `struct{}`: only an empty mapping decodes (upstream's unimplemented kinds)
// `...:A,B` embeds (yaml `,inline`) the fields of structs A and B; `...:open` is an inline map, which accepts
// any other key. A struct written `=token` is a named non-struct type (`type EnvVarList []EnvVar`).
// Every field is optional and may be null (a YAML null leaves Go's zero value), exactly as the decoder does.

export interface SchemaDescription {
  /** Struct names → their fields (see above). */
  readonly structs: Readonly<Record<string, string>>;
  /** The struct a CRD entry (one value of spec.crds) decodes into. */
  readonly crdEntry: string;
  /** The struct the whole katalog.yaml decodes into. */
  readonly document: string;
}

export const INLINE_KEY = "...";
export const OPEN_INLINE = "open";

export interface StructFields {
  /** Field name → token, inline structs already expanded. */
  fields: ReadonlyMap<string, string>;
  /** An inline map accepts any other key. */
  open: boolean;
}

/** The named non-struct type's token, or undefined for a struct. */
export function aliasOf(description: SchemaDescription, name: string): string | undefined {
  const text = description.structs[name];
  return text !== undefined && text.startsWith("=") ? text.slice(1) : undefined;
}

/** A struct's fields with inline structs expanded; undefined when `name` is not a described struct. */
/**
 * Parsed structs per description. Conversion and the strict check ask for the same few structs once per CRD
 * entry and path step; re-splitting the text each time was among the top entries of a 400-katalog profile.
 */
const parsedStructs = new WeakMap<SchemaDescription, Map<string, StructFields | undefined>>();

export function structFields(
  description: SchemaDescription,
  name: string,
  depth = 0,
): StructFields | undefined {
  let parsed = parsedStructs.get(description);
  if (parsed === undefined)
    parsedStructs.set(description, (parsed = new Map<string, StructFields | undefined>()));
  if (parsed.has(name)) return parsed.get(name);
  const result = parseStructFields(description, name, depth);
  // Only a complete parse is kept: one cut short by the depth guard would otherwise stick.
  if (depth === 0) parsed.set(name, result);
  return result;
}

function parseStructFields(
  description: SchemaDescription,
  name: string,
  depth: number,
): StructFields | undefined {
  const text = description.structs[name];
  if (text === undefined || text.startsWith("=") || depth > 8) return undefined;
  const fields = new Map<string, string>();
  let open = false;
  for (const item of text.split(/\s+/).filter(Boolean)) {
    const colon = item.indexOf(":");
    const key = colon < 0 ? item : item.slice(0, colon);
    const token = colon < 0 ? "str" : item.slice(colon + 1);
    if (key !== INLINE_KEY) {
      fields.set(key, token);
      continue;
    }
    for (const embedded of token.split(",")) {
      if (embedded === OPEN_INLINE) {
        open = true;
        continue;
      }
      const inner = structFields(description, embedded, depth + 1);
      if (!inner)
        throw new Error(`runtime schema: ${name} embeds ${embedded}, which is not a described struct`);
      for (const [k, t] of inner.fields) fields.set(k, t);
      open ||= inner.open;
    }
  }
  return { fields, open };
}
