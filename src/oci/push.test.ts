// `ork push` reads a folder from disk: symbolic links must not publish files from elsewhere, nor loop.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { InvalidInputError } from "../core/errors.js";
import { readPatternDirectory } from "./push.js";

function patternFolder(): { base: string; dir: string } {
  const base = mkdtempSync(join(tmpdir(), "push-links-"));
  const dir = join(base, "pattern");
  mkdirSync(join(dir, "docs"), { recursive: true });
  writeFileSync(join(dir, "katalog.yaml"), "kind: Katalog\n");
  return { base, dir };
}

/** An InvalidInputError is exit 1 for `ork` (src/cli/exit-codes.ts); anything unexpected would be 70. */
async function refusal(dir: string): Promise<{ message: string; reason: string }> {
  const error: unknown = await readPatternDirectory(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidInputError);
  return { message: (error as Error).message, reason: (error as InvalidInputError).reason };
}

describe("readPatternDirectory and symbolic links", () => {
  it("refuses a link to a file outside the folder (a docker config), naming the link, exit 1", async () => {
    const { base, dir } = patternFolder();
    mkdirSync(join(base, "home", ".docker"), { recursive: true });
    writeFileSync(join(base, "home", ".docker", "config.json"), '{"auths":{"r.io":{"auth":"c2VjcmV0"}}}');
    symlinkSync(join(base, "home", ".docker", "config.json"), join(dir, "docs", "x"));
    const { message, reason } = await refusal(dir);
    expect(message).toContain(join(dir, "docs", "x"));
    expect(message).toMatch(/outside the folder/);
    expect(reason).toBe("UnsafePath");
  });

  it("refuses a link to a folder outside", async () => {
    const { base, dir } = patternFolder();
    mkdirSync(join(base, "secrets"));
    writeFileSync(join(base, "secrets", "key"), "secret");
    symlinkSync(join(base, "secrets"), join(dir, "docs", "more"));
    expect((await refusal(dir)).message).toContain(join(dir, "docs", "more"));
  });

  it("refuses a link that points at itself, exit 1", async () => {
    const { dir } = patternFolder();
    symlinkSync("loop", join(dir, "docs", "loop"));
    const { message, reason } = await refusal(dir);
    expect(message).toContain(join(dir, "docs", "loop"));
    expect(message).toMatch(/loop/);
    expect(reason).toBe("UnsafePath");
  });

  it("refuses a folder link back to a parent", async () => {
    const { dir } = patternFolder();
    symlinkSync("..", join(dir, "docs", "up"));
    const { message, reason } = await refusal(dir);
    expect(message).toContain(join(dir, "docs", "up"));
    expect(message).toMatch(/loop/);
    expect(reason).toBe("UnsafePath");
  });

  it("still follows links that stay inside the folder", async () => {
    const { dir } = patternFolder();
    symlinkSync("../katalog.yaml", join(dir, "docs", "copy.yaml"));
    const files = await readPatternDirectory(dir);
    expect(files.map((f) => [f.name, new TextDecoder().decode(f.bytes)])).toEqual([
      ["docs/copy.yaml", "kind: Katalog\n"],
      ["katalog.yaml", "kind: Katalog\n"],
    ]);
  });
});
