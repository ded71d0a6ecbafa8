import { aliasOf, structFields, type SchemaDescription } from "./description.js";
import { ALL_GENERATIONS } from "./generations.js";
import { descriptionOf } from "./index.js";
import { MOVES_INTO } from "./moves.js";
import { tokenAt } from "./paths.js";
import { strictSchemasOf } from "./to-zod.js";

const BASIC = new Set(["str", "bool", "int", "num", "dur", "gdur", "any", "~"]);

/** Every struct name a token refers to. */
function referenced(token: string): string[] {
  const call = /^(\w+)\((.*)\)$/.exec(token);
  if (call) return call[1] === "either" ? call[2]!.split(",").flatMap(referenced) : [];
  if (token.startsWith("[]") || token.startsWith("{}")) return referenced(token.slice(2));
  return BASIC.has(token) ? [] : [token];
}

function reachable(description: SchemaDescription): { names: Set<string>; missing: string[] } {
  const names = new Set<string>();
  const missing: string[] = [];
  const visit = (name: string, from: string) => {
    if (names.has(name)) return;
    if (description.structs[name] === undefined) {
      missing.push(`${name} (from ${from})`);
      return;
    }
    names.add(name);
    const alias = aliasOf(description, name);
    const tokens = alias !== undefined ? [alias] : [...structFields(description, name)!.fields.values()];
    for (const token of tokens) for (const next of referenced(token)) visit(next, name);
  };
  visit(description.document, "root");
  visit(description.crdEntry, "root");
  return { names, missing };
}

describe.each(ALL_GENERATIONS)("generation %i's description", (generation) => {
  const description = descriptionOf(generation);

  it("describes every struct it refers to, and builds", () => {
    expect(reachable(description).missing).toEqual([]);
    expect(strictSchemasOf(description).document.safeParse({}).success).toBe(true);
  });

  it("accepts an empty entry and refuses an unknown key at every level it models", () => {
    const entry = strictSchemasOf(description).crdEntry;
    expect(entry.safeParse({}).success).toBe(true);
    expect(entry.safeParse({ surely: "unknown" }).success).toBe(false);
    expect(entry.safeParse({ operatorBox: { surely: "unknown" } }).success).toBe(false);
  });

  it("knows the places its own moves put fields", () => {
    const into = generation === 1 ? [] : MOVES_INTO[generation];
    for (const [, to] of into)
      expect({ to, known: tokenAt(description, description.crdEntry, to.split(".")) !== undefined }).toEqual({
        to,
        known: true,
      });
    const out = generation === 3 ? [] : MOVES_INTO[(generation + 1) as 2 | 3];
    const intermediate = new Set(out.map(([, to]) => to));
    for (const [from] of out.filter(([f]) => ![...intermediate].some((to) => f.startsWith(`${to}.`))))
      expect({
        from,
        known: tokenAt(description, description.crdEntry, from.split(".")) !== undefined,
      }).toEqual({ from, known: true });
  });
});
