import { readFileSync } from "node:fs";
import { renderCliReference } from "../../scripts/help-doc.js";

describe("docs/cli.md", () => {
  it("matches the CLI's help text (run `npm run generate:cli-docs` after changing a command)", async () => {
    expect(readFileSync("docs/cli.md", "utf8")).toBe(await renderCliReference());
  });

  it("documents every command", async () => {
    const doc = await renderCliReference();
    for (const name of [
      "ork generate bundle",
      "ork validate",
      "ork plan",
      "ork push",
      "ork pull",
      "ork inspect",
      "ork init",
    ]) {
      expect(doc).toContain(`## \`${name}\``);
    }
  });
});
