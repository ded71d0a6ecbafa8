// docs/troubleshooting.md explains every condition reason users can meet: the closed reason table of
// src/core/reasons.ts (every error's reason; the compiler keeps errors to it) and the state reasons the
// operator's conditions use. A new reason without a section or a table row in the guide fails this test.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ALL_REASONS, STATE_REASONS } from "../../src/core/reasons.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const guide = readFileSync(join(REPO, "docs", "troubleshooting.md"), "utf8");

/** Usage errors are printed by `ork` and never reach a condition. */
const notUserFacing = new Set(["Usage"]);

describe("docs/troubleshooting.md", () => {
  it("explains every state reason the operator sets", () => {
    expect(STATE_REASONS).toEqual(expect.arrayContaining(["RestartPending", "TokenWaiting", "Suspended"]));
    expect(guide).toContain("\n### RuntimeFound=False\n");
  });

  it.each(
    [...new Set<string>([...ALL_REASONS, ...STATE_REASONS])].filter((r) => !notUserFacing.has(r)).sort(),
  )("explains the reason %s (a section or a table row)", (reason) => {
    expect(guide).toMatch(new RegExp(`(\n### ${reason}\n|\`${reason}\`)`));
  });
});
