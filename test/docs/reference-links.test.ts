// docs/reference/ is the product's contract, and code comments cite its sections as
// `docs/reference/<file>.md#<section>`. A cited file or section that does not exist fails here, as does a link
// between reference pages that points nowhere, or a comment citing the old numbered spec, which is not in the repo.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const REFERENCE = join(REPO, "docs", "reference");
const SEARCHED = ["src", "test", "scripts", "bench", "docs", "helm", "README.md"];
const TEXT_FILE = /\.(ts|mjs|js|md|yaml|yml|lua|json|tpl|txt)$/;

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .filter((entry) => entry.name !== "node_modules")
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

/** GitHub's heading anchor: lower case, punctuation dropped (hyphens kept), spaces as hyphens. */
function headingSlug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s-]/gu, "")
    .replace(/\s/g, "-");
}

function anchorsOf(page: string): Set<string> {
  const text = readFileSync(join(REFERENCE, page), "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) => headingSlug(m[1]!)));
}

interface Citation {
  from: string;
  page: string;
  anchor?: string;
}

function citations(): Citation[] {
  const found: Citation[] = [];
  const files = SEARCHED.flatMap((entry) => filesUnder(join(REPO, entry))).filter((f) => TEXT_FILE.test(f));
  for (const file of files) {
    const text = readFileSync(file, "utf8");
    const from = relative(REPO, file);
    for (const m of text.matchAll(/docs\/reference\/([a-z0-9-]+\.md)(?:#([a-z0-9-]+))?/g)) {
      found.push({ from, page: m[1]!, ...(m[2] ? { anchor: m[2] } : {}) });
    }
    // Relative links between reference pages and from docs/decisions: `(bundle.md#objects)`, `(#objects)`.
    if (file.startsWith(REFERENCE) || from.startsWith("docs/decisions/")) {
      const own = from.startsWith("docs/reference/") ? from.slice("docs/reference/".length) : undefined;
      for (const m of text.matchAll(/\]\((?:\.\.\/reference\/)?([a-z0-9-]+\.md)?(?:#([a-z0-9-]+))?\)/g)) {
        const page = m[1] ?? own;
        if (page === undefined || (!from.startsWith("docs/reference/") && !m[0].includes("../reference/")))
          continue;
        found.push({ from, page, ...(m[2] ? { anchor: m[2] } : {}) });
      }
    }
  }
  return found;
}

describe("docs/reference citations", () => {
  const all = citations();

  it("are many (the scan itself works)", () => {
    expect(all.length).toBeGreaterThan(50);
  });

  it("point at reference pages that exist", () => {
    const pages = new Set(readdirSync(REFERENCE));
    expect(all.filter((c) => !pages.has(c.page)).map((c) => `${c.from} → ${c.page}`)).toEqual([]);
  });

  it("point at sections that exist", () => {
    const anchors = new Map<string, Set<string>>();
    const missing = all
      .filter((c) => c.anchor !== undefined && existsSync(join(REFERENCE, c.page)))
      .filter((c) => {
        if (!anchors.has(c.page)) anchors.set(c.page, anchorsOf(c.page));
        return !anchors.get(c.page)!.has(c.anchor!);
      })
      .map((c) => `${c.from} → ${c.page}#${c.anchor}`);
    expect(missing).toEqual([]);
  });

  it("replace the numbered spec, which is not in the repository", () => {
    const files = SEARCHED.flatMap((entry) => filesUnder(join(REPO, entry))).filter((f) => TEXT_FILE.test(f));
    const old = files.filter((f) => /spec §\d/.test(readFileSync(f, "utf8"))).map((f) => relative(REPO, f));
    expect(old).toEqual([]);
  });

  it("slug headings the way GitHub does", () => {
    expect(headingSlug("The `ork` CLI")).toBe("the-ork-cli");
    expect(headingSlug("Diamonds, duplicates and cycles")).toBe("diamonds-duplicates-and-cycles");
  });
});
