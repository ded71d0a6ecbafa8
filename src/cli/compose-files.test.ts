// Local files that never end: `imports.files` or a mirror layout pointing at /dev/zero must be refused by name
// (exit 1), not read until memory runs out.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { komposerYaml } from "../../test/support/test-documents.js";
import { composeFiles } from "./compose-files.js";
import { exitCodeFor } from "./exit-codes.js";

function workspace(komposer: string) {
  const cwd = mkdtempSync(join(tmpdir(), "compose-files-"));
  writeFileSync(join(cwd, "komposer.yaml"), komposer);
  const context = { stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd };
  return { cwd, context };
}

async function failure(run: Promise<unknown>): Promise<{ code: number; message: string }> {
  const error: unknown = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  return { code: exitCodeFor(error), message: error instanceof Error ? error.message : String(error) };
}

const options = { files: ["komposer.yaml"], namespace: "apps", includeNamespace: false };

describe("composeFiles and endless local files", () => {
  it("refuses imports.files pointing at /dev/zero, naming it (exit 1)", async () => {
    const { context } = workspace(komposerYaml("app", { files: ["/dev/zero"] }));
    const { code, message } = await failure(composeFiles(context, { ...options, registry: {} }));
    expect(message).toMatch(/\/dev\/zero.*not a regular file/);
    expect(code).toBe(1);
  });

  it("refuses a mirror layout whose index.json is /dev/zero, naming it (exit 1)", async () => {
    const { cwd, context } = workspace(komposerYaml("app", { registry: ["oci://ghcr.io/org/db:v1"] }));
    mkdirSync(join(cwd, "layout"));
    symlinkSync("/dev/zero", join(cwd, "layout", "index.json"));
    const mirror = [`ghcr.io=oci-layout:${join(cwd, "layout")}`];
    const { code, message } = await failure(composeFiles(context, { ...options, registry: { mirror } }));
    expect(message).toContain(`${join(cwd, "layout")}/index.json`);
    expect(message).toMatch(/not a regular file/);
    expect(code).toBe(1);
  });

  it("refuses a -f file above the 8 MiB limit before reading it (exit 1)", async () => {
    const { cwd, context } = workspace("");
    writeFileSync(join(cwd, "big.yaml"), Buffer.alloc(8 * 1024 * 1024 + 1, "#"));
    const { code, message } = await failure(
      composeFiles(context, { ...options, files: ["big.yaml"], registry: {} }),
    );
    expect(message).toMatch(/big\.yaml.*8388608-byte limit/);
    expect(code).toBe(1);
  });
});
