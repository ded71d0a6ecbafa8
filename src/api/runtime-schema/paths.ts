// Questions about a description's shape, for messages: does a generation know this path, and which keys does
// the struct at a path accept.
import { aliasOf, structFields, type SchemaDescription } from "./description.js";

/** The type token at `path` (keys; list indices may be given or left out), or undefined if unknown. */
export function tokenAt(
  description: SchemaDescription,
  root: string,
  path: readonly (string | number)[],
): string | undefined {
  let token = root;
  for (const segment of path) {
    token = lookThrough(description, token, typeof segment === "number");
    if (typeof segment === "number") continue;
    if (token.startsWith("{}")) {
      token = token.slice(2);
      continue;
    }
    const struct = structFields(description, token);
    const next = struct?.fields.get(segment);
    if (next === undefined) return struct?.open ? "any" : undefined;
    token = next;
  }
  return token;
}

/** The keys the struct at `path` accepts ([] when it is not a struct). */
export function keysAt(
  description: SchemaDescription,
  root: string,
  path: readonly (string | number)[],
): string[] {
  const token = tokenAt(description, root, path);
  if (token === undefined) return [];
  return [...(structFields(description, lookThrough(description, token, false))?.fields.keys() ?? [])];
}

/** Follows aliases and looks through lists (one level for an index step, all levels for a key step). */
function lookThrough(description: SchemaDescription, token: string, indexStep: boolean): string {
  let current = token;
  for (let hops = 0; hops < 16; hops++) {
    const alias = aliasOf(description, current);
    if (alias !== undefined) current = alias;
    else if (current.startsWith("[]")) {
      current = current.slice(2);
      if (indexStep) return current;
    } else return current;
  }
  return current;
}
