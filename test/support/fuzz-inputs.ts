// Hostile inputs for the parser fuzz tests (issue 10): random bytes, random YAML written by hand so it can
// carry what a serializer never emits (anchors and aliases, dangling aliases, deep nesting, huge keys, control
// characters, tabs, broken quoting), and real Katalog/Komposer documents with a random subtree swapped in, so
// the schema checks behind the YAML parser are reached too. Seeds and run counts come from FUZZ_SEED and
// FUZZ_RUNS, so a failure printed by fast-check can be replayed and a longer run needs no code change.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { parse, stringify } from "yaml";
import { propertyRuns } from "./property-runs.js";

export interface FuzzSettings {
  seed: number;
  numRuns: number;
}

/** Fixed by default so CI is reproducible; FUZZ_SEED / FUZZ_RUNS explore further. */
export function fuzzSettings(defaultRuns: number): FuzzSettings {
  const seed = Number(process.env.FUZZ_SEED ?? "20261204");
  const numRuns = Number(process.env.FUZZ_RUNS ?? String(propertyRuns(defaultRuns)));
  return { seed: Number.isFinite(seed) ? seed : 20261204, numRuns: numRuns > 0 ? numRuns : defaultRuns };
}

/** Characters a terminal or a parser might choke on, mixed into strings and keys. */
const nasty = fc.constantFrom(
  "\u0000",
  "\u0007",
  "\u001b[31m",
  "\r",
  "\t",
  "\u2028",
  "\ufeff",
  "\ud800",
  ":",
  "- ",
  "#",
  "&",
  "*",
  "!",
  "|",
  ">",
  "'",
  '"',
  "{",
  "}",
  "[",
  "]",
  ",",
  "%YAML 1.1",
  "---",
  "...",
  "<<",
  "~",
);

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 24 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.oneof(nasty, fc.string({ maxLength: 4 })), { maxLength: 6 })
      .map((p) => p.join("")),
  },
);

/** Keys: mostly short, sometimes schema field names, sometimes huge. */
const key = fc.oneof(
  { weight: 6, arbitrary: text },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      "apiVersion",
      "kind",
      "metadata",
      "name",
      "spec",
      "crds",
      "imports",
      "registry",
      "files",
      "url",
      "digest",
      "apiTypes",
      "workers",
      "runtime",
      "version",
      "<<",
    ),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1_000, max: 200_000 }).map((n) => "k".repeat(n)) },
);

const scalar = fc.oneof(
  text,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }),
);

type Tree =
  | { scalar: unknown }
  | { map: [string, Tree][] }
  | { seq: Tree[] }
  | { alias: number }
  | { anchored: [number, Tree] };

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    scalar.map((s) => ({ scalar: s })),
    fc.array(fc.tuple(key, tie("node")), { maxLength: 5 }).map((m) => ({ map: m })),
    fc.array(tie("node"), { maxLength: 5 }).map((s) => ({ seq: s })),
    fc.nat({ max: 6 }).map((n) => ({ alias: n })),
    fc.tuple(fc.nat({ max: 6 }), tie("node")).map((a) => ({ anchored: a })),
  ),
})).node;

/** Writes a tree as flow-style YAML; scalars are quoted or raw at random (raw ones may break the syntax). */
function render(node: Tree, raw: () => boolean): string {
  if ("alias" in node) return `*a${node.alias}`;
  if ("anchored" in node) return `&a${node.anchored[0]} ${render(node.anchored[1], raw)}`;
  if ("seq" in node) return `[${node.seq.map((n) => render(n, raw)).join(", ")}]`;
  if ("map" in node)
    return `{${node.map.map(([k, v]) => `${raw() ? k : JSON.stringify(k)}: ${render(v, raw)}`).join(", ")}}`;
  const value = node.scalar;
  if (typeof value === "string") return raw() ? value : JSON.stringify(value);
  return String(value);
}

/** Random YAML text from random trees, in flow style, sometimes under a document header. */
export const randomYaml: fc.Arbitrary<string> = fc
  .tuple(
    tree,
    // One raw (unquoted) scalar in eight: enough to break the syntax now and then, while most documents parse
    // and reach the schema checks behind the YAML parser.
    fc.infiniteStream(fc.nat({ max: 7 })),
    fc.constantFrom(
      "",
      "---\n",
      "%YAML 1.2\n---\n",
      "apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nmetadata: {name: f}\nspec: ",
      "apiVersion: orkestra.orkspace.io/v1\nkind: Komposer\nmetadata: {name: f}\nimports: ",
      "apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\nmetadata: {name: f}\nspec: {crds: {a: ",
    ),
  )
  .map(([t, coins, prefix]) => {
    const it = coins[Symbol.iterator]();
    const body = render(t, () => it.next().value === 0);
    return prefix + body + (prefix.endsWith("{a: ") ? "}}" : "");
  });

/** Nesting far past the 128-level limit, in flow and block style, as sequences and mappings. */
export const deepYaml: fc.Arbitrary<string> = fc
  .tuple(
    fc.integer({ min: 100, max: 5_000 }),
    fc.constantFrom("flow-seq", "flow-map", "block-map", "block-seq"),
  )
  .map(([depth, style]) => {
    if (style === "flow-seq") return `spec: ${"[".repeat(depth)}${"]".repeat(depth)}`;
    if (style === "flow-map") return `spec: ${"{a: ".repeat(depth)}1${"}".repeat(depth)}`;
    const lines: string[] = [];
    const d = Math.min(depth, 1_500);
    for (let i = 0; i < d; i++) lines.push(`${" ".repeat(i)}${style === "block-map" ? "a:" : "-"}`);
    return lines.join("\n");
  });

/** Alias expansion bombs ("billion laughs") of random width and depth. */
export const aliasBomb: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 2, max: 12 }), fc.integer({ min: 2, max: 12 }))
  .map(([width, levels]) => {
    const lines = [`l0: &l0 ["lol"]`];
    for (let i = 1; i <= levels; i++)
      lines.push(`l${i}: &l${i} [${Array.from({ length: width }, () => `*l${i - 1}`).join(", ")}]`);
    return `apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\n${lines.join("\n")}\nspec: *l${levels}\n`;
  });

/** Replaces the value at a random path of `doc` with a random value, then serialises it. */
function swapSubtree(doc: unknown, path: readonly number[], replacement: unknown): unknown {
  if (path.length === 0 || doc === null || typeof doc !== "object") return replacement;
  const entries = Array.isArray(doc) ? doc.map((v, i) => [String(i), v] as const) : Object.entries(doc);
  if (entries.length === 0) return replacement;
  const [first, ...rest] = path;
  const index = (first ?? 0) % entries.length;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(doc) ? [...doc] : { ...doc };
  const [k, v] = entries[index] ?? ["", undefined];
  (copy as Record<string, unknown>)[k] = swapSubtree(v, rest, replacement);
  return copy;
}

/** Real documents (objects) with a random subtree replaced by random JSON-ish data, as YAML. */
export function mutatedDocuments(documents: readonly unknown[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...documents),
      fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
      fc.jsonValue({ maxDepth: 4 }),
    )
    .map(([doc, path, value]) => stringify(swapSubtree(doc, path, value)));
}

/** Byte-level damage to a text: flips, truncation, insertions of random bytes. */
export function damagedBytes(texts: readonly string[]): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(
      fc.constantFrom(...texts),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
      fc.nat(),
    )
    .map(([t, flips, cut]) => {
      const bytes = new TextEncoder().encode(t);
      for (const [at, value] of flips) if (bytes.length > 0) bytes[at % bytes.length] = value;
      return bytes.subarray(0, bytes.length === 0 ? 0 : Math.max(1, cut % (bytes.length + 1)));
    });
}

/** Any of the above, as bytes (what a file or a layer holds). */
export function hostileInputs(
  documents: readonly unknown[],
  texts: readonly string[],
): fc.Arbitrary<Uint8Array> {
  const enc = (s: string) => new TextEncoder().encode(s);
  return fc.oneof(
    { weight: 3, arbitrary: fc.uint8Array({ maxLength: 2_048 }) },
    { weight: 5, arbitrary: randomYaml.map(enc) },
    { weight: 1, arbitrary: deepYaml.map(enc) },
    { weight: 1, arbitrary: aliasBomb.map(enc) },
    { weight: 4, arbitrary: mutatedDocuments(documents).map(enc) },
    { weight: 2, arbitrary: damagedBytes(texts) },
  );
}

/** The repository's example Katalogs and Komposers: texts and parsed objects, the seeds for mutation. */
export function exampleDocuments(): { texts: string[]; objects: unknown[] } {
  const root = fileURLToPath(new URL("../../examples", import.meta.url));
  const files = [
    ...readdirSync(join(root, "katalogs")).map((d) => join(root, "katalogs", d, "katalog.yaml")),
    join(root, "pattern-zoo", "komposer.yaml"),
    join(root, "registry-guide", "05-komposer", "komposer.yaml"),
  ];
  const texts = files.map((f) => readFileSync(f, "utf8"));
  return { texts, objects: texts.map((t) => parse(t) as unknown) };
}
