// Proof that the registry, oras and helm of the environment are real and work together.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { loadTestEnv } from "../env/state.js";

const run = promisify(execFile);

describe("real registry and clients", () => {
  it("reads back over HTTP the manifest of a two-file artifact pushed by the real oras", async () => {
    const env = loadTestEnv();
    const dir = mkdtempSync(join(env.workDir, "oras-proof-"));
    writeFileSync(join(dir, "katalog.yaml"), "apiVersion: orkestra.orkspace.io/v1\nkind: Katalog\n");
    writeFileSync(join(dir, "README.md"), "# proof\n");
    const ref = `${env.registry.host}/proof/two-files:v1`;
    await run(
      env.bin.oras,
      [
        "push",
        "--plain-http",
        "--artifact-type",
        "application/vnd.orkestra.pattern.v1+tar+gzip",
        ref,
        "katalog.yaml:application/vnd.orkestra.katalog.v1+yaml",
        "README.md",
      ],
      { cwd: dir },
    );
    const res = await fetch(`http://${env.registry.host}/v2/proof/two-files/manifests/v1`, {
      headers: { accept: "application/vnd.oci.image.manifest.v1+json" },
    });
    expect(res.status).toBe(200);
    const manifest = (await res.json()) as {
      artifactType: string;
      layers: { mediaType: string; annotations: Record<string, string> }[];
    };
    expect(manifest.artifactType).toBe("application/vnd.orkestra.pattern.v1+tar+gzip");
    const titles = manifest.layers.map((l) => [l.annotations["org.opencontainers.image.title"], l.mediaType]);
    expect(titles).toEqual(
      expect.arrayContaining([
        ["katalog.yaml", "application/vnd.orkestra.katalog.v1+yaml"],
        ["README.md", expect.any(String)],
      ]),
    );
  });

  it("refuses anonymous pushes to the basic-auth registry", async () => {
    const env = loadTestEnv();
    const res = await fetch(`http://${env.authRegistry.host}/v2/`);
    expect(res.status).toBe(401);
    const auth = Buffer.from(`${env.authRegistry.username}:${env.authRegistry.password}`).toString("base64");
    expect(
      (await fetch(`http://${env.authRegistry.host}/v2/`, { headers: { authorization: `Basic ${auth}` } }))
        .status,
    ).toBe(200);
  });

  it("runs the pinned helm", async () => {
    const env = loadTestEnv();
    const { stdout } = await run(env.bin.helm, ["version", "--short"]);
    expect(stdout.trim()).toMatch(/^v3\.\d+\.\d+/);
  });
});
