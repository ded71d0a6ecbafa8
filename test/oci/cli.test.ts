// `ork push`, `ork pull` and `ork inspect` as users run them (the built binary), against the real registries
// (plain and basic-auth) and the real oras CLI, in both directions.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { loadTestEnv, type TestEnv } from "../env/state.js";
import { runOrk } from "../support/ork-cli.js";
import { blobDataPath, katalogFiles, katalogFolder, uniqueRepo } from "../support/oci-fixtures.js";

let env: TestEnv;
let work: string;
beforeAll(() => {
  env = loadTestEnv();
  work = mkdtempSync(join(env.workDir, "ork-cli-"));
});

const fresh = (name: string) => mkdtempSync(join(work, `${name}-`));

describe("ork push / pull / inspect", () => {
  it("round-trips a katalog folder", async () => {
    const files = katalogFiles();
    const src = katalogFolder(work, files);
    const ref = `oci://${env.registry.host}/${uniqueRepo("cli")}:v1.0.0`;
    const push = await runOrk(["push", ref, src]);
    expect(push).toMatchObject({ code: 0 });
    expect(push.stdout).toMatch(/Digest: sha256:[0-9a-f]{64}/);
    const out = fresh("pulled");
    const pull = await runOrk(["pull", ref, "-o", out]);
    expect(pull).toMatchObject({ code: 0 });
    for (const f of files) expect(readFileSync(join(out, f.name))).toEqual(Buffer.from(f.bytes));
    // The default output folder is the current one.
    const cwd = fresh("cwd");
    expect((await runOrk(["pull", ref], { cwd })).code).toBe(0);
    expect(readdirSync(cwd).sort()).toEqual(["README.md", "katalog.yaml"]);
  });

  it("reads what `oras push` published", async () => {
    const dir = katalogFolder(work);
    const ref = `${env.registry.host}/${uniqueRepo("oras-made")}:v2`;
    execFileSync(
      env.bin.oras,
      ["push", "--plain-http", ref, "katalog.yaml:application/vnd.orkestra.katalog.v1+yaml"],
      { cwd: dir, stdio: "ignore" },
    );
    const out = fresh("from-oras");
    expect(await runOrk(["pull", ref, "-o", out])).toMatchObject({ code: 0 });
    expect(readFileSync(join(out, "katalog.yaml"))).toEqual(readFileSync(join(dir, "katalog.yaml")));
  });

  it("publishes what `oras pull` reads, with the right file names and upstream's media types", async () => {
    const src = katalogFolder(work);
    const ref = `${env.registry.host}/${uniqueRepo("for-oras")}:v3`;
    expect((await runOrk(["push", ref, src])).code).toBe(0);
    const out = fresh("by-oras");
    execFileSync(env.bin.oras, ["pull", "--plain-http", ref], { cwd: out, stdio: "ignore" });
    expect(readdirSync(out).sort()).toEqual(["README.md", "katalog.yaml"]);
    expect(readFileSync(join(out, "katalog.yaml"))).toEqual(readFileSync(join(src, "katalog.yaml")));
    const manifest = JSON.parse(
      execFileSync(env.bin.oras, ["manifest", "fetch", "--plain-http", ref], { encoding: "utf8" }),
    ) as {
      artifactType: string;
      config: { mediaType: string };
      layers: { mediaType: string; annotations: Record<string, string> }[];
      annotations: Record<string, string>;
    };
    expect(manifest.artifactType).toBe("application/vnd.orkestra.pattern.v1+tar+gzip");
    expect(manifest.config.mediaType).toBe("application/vnd.orkestra.pattern.v1+tar+gzip");
    expect(
      manifest.layers.find((l) => l.annotations["org.opencontainers.image.title"] === "katalog.yaml")
        ?.mediaType,
    ).toBe("application/vnd.orkestra.katalog.v1+yaml");
    expect(manifest.annotations).toMatchObject({
      "io.orkestra.pattern.kind": "Katalog",
      "io.orkestra.pattern.name": "webapp",
    });
    expect(manifest.annotations["org.opencontainers.image.created"]).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/,
    );
  });

  it("inspects without downloading files and prints a ready-to-paste import", async () => {
    const src = katalogFolder(work);
    const ref = `oci://${env.registry.host}/${uniqueRepo("inspect")}:v1.0.0`;
    expect((await runOrk(["push", ref, src], { env: { SOURCE_DATE_EPOCH: "1767225600" } })).code).toBe(0);
    const text = await runOrk(["inspect", ref]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Created: +2026-01-01T00:00:00Z/);
    expect(text.stdout).toMatch(/katalog\.yaml +\d+ B +application\/vnd\.orkestra\.katalog\.v1\+yaml/);
    expect(text.stdout).toMatch(
      new RegExp(`- ${ref.replace(/[.:/]/g, "\\$&")}  # digest sha256:[0-9a-f]{64}`),
    );
    const json = await runOrk(["inspect", ref, "--output", "json"]);
    const info = JSON.parse(json.stdout) as {
      digest: string;
      files: { name: string; size: number }[];
      signals: { pattern: { name: string } };
      import: { object: string };
    };
    expect(info.files.map((f) => f.name).sort()).toEqual(["README.md", "katalog.yaml"]);
    expect(info.signals.pattern.name).toBe("webapp");
    expect(info.import.object).toBe(`- url: ${ref}\n  digest: ${info.digest}`);
  });

  it("names the tag when it does not exist (exit 3)", async () => {
    const result = await runOrk([
      "pull",
      `${env.registry.host}/${uniqueRepo("nothing")}:v9`,
      "-o",
      fresh("none"),
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/not found.*"v9"/);
  });

  it("refuses a reference without a registry host (exit 1) and shows the full form", async () => {
    const result = await runOrk(["inspect", "myorg/webapp:v1"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("oci://ghcr.io/org/repo:tag");
  });

  it("writes nothing when a blob fails its digest check", async () => {
    const files = katalogFiles();
    const ref = `${env.registry.host}/${uniqueRepo("tampered")}:v1`;
    expect((await runOrk(["push", ref, katalogFolder(work, files)])).code).toBe(0);
    const readme = files.find((f) => f.name === "README.md")!;
    const tampered = Buffer.from(readme.bytes);
    tampered[0] = tampered[0]! ^ 0x20;
    writeFileSync(blobDataPath(env.registry.storageDir, readme.bytes), tampered);
    const out = join(fresh("tampered"), "out");
    const result = await runOrk(["pull", ref, "-o", out]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/README\.md of oci:\/\/.*tampered.*does not match/);
    expect(existsSync(out)).toBe(false); // katalog.yaml verified fine, but nothing is written
  });
});

describe("registry credentials", () => {
  const dockerConfig = (username: string, password: string) => {
    const dir = fresh("docker-config");
    const auth = Buffer.from(`${username}:${password}`).toString("base64");
    writeFileSync(join(dir, "config.json"), JSON.stringify({ auths: { [env.authRegistry.host]: { auth } } }));
    return dir;
  };

  it("pushes and pulls with basic auth from --registry-config and from DOCKER_CONFIG", async () => {
    const dir = dockerConfig(env.authRegistry.username, env.authRegistry.password);
    const ref = `${env.authRegistry.host}/${uniqueRepo("auth")}:v1`;
    expect(
      await runOrk(["push", ref, katalogFolder(work), "--registry-config", join(dir, "config.json")]),
    ).toMatchObject({ code: 0 });
    const out = fresh("auth-pull");
    expect(await runOrk(["pull", ref, "-o", out], { env: { DOCKER_CONFIG: dir } })).toMatchObject({
      code: 0,
    });
    expect(readdirSync(out).sort()).toEqual(["README.md", "katalog.yaml"]);
  });

  it("says how to log in when the password is wrong (exit 3), never echoing it", async () => {
    const dir = dockerConfig(env.authRegistry.username, "not-the-password");
    const result = await runOrk([
      "inspect",
      `${env.authRegistry.host}/any/thing:v1`,
      "--registry-config",
      join(dir, "config.json"),
    ]);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(`401 from ${env.authRegistry.host}`);
    expect(result.stderr).toContain(
      `run \`docker login ${env.authRegistry.host}\` again or pass --registry-config`,
    );
    expect(result.stderr).not.toContain("not-the-password");
  });

  it("says authentication is required when there are no credentials", async () => {
    const result = await runOrk(["inspect", `${env.authRegistry.host}/any/thing:v1`]);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/401 from .*authentication required; run `docker login/);
  });

  it("gets credentials from a docker credential helper (credsStore)", async () => {
    const bin = fresh("helpers");
    const helper = join(bin, "docker-credential-komposertest");
    const secret = JSON.stringify({ Username: env.authRegistry.username, Secret: env.authRegistry.password });
    writeFileSync(helper, `#!/bin/sh\n[ "$1" = get ] || exit 1\nread server\nprintf '%s' '${secret}'\n`);
    chmodSync(helper, 0o755);
    const dir = fresh("helper-config");
    writeFileSync(join(dir, "config.json"), JSON.stringify({ credsStore: "komposertest" }));
    const ref = `${env.authRegistry.host}/${uniqueRepo("helper")}:v1`;
    const result = await runOrk(["push", ref, katalogFolder(work)], {
      env: { DOCKER_CONFIG: dir, PATH: `${bin}:${process.env.PATH ?? ""}` },
    });
    expect(result).toMatchObject({ code: 0 });
  });
});

describe("mirrors and OCI image layouts", () => {
  it("pushes into a layout and resolves oci://ghcr.io/... from it via .ork/config.yaml, with no network", async () => {
    const root = fresh("guide");
    const files = katalogFiles("cache");
    const ref = "oci://ghcr.io/orkspace/katalogs/cache:v1.0.0";
    const push = await runOrk(
      ["push", ref, katalogFolder(work, files), "--mirror", "ghcr.io=oci-layout:./registry"],
      { cwd: root },
    );
    expect(push).toMatchObject({ code: 0 });
    expect(push.stdout).toContain(`oci-layout:${join(root, "registry")}`);
    mkdirSync(join(root, ".ork"));
    writeFileSync(join(root, ".ork", "config.yaml"), "mirrors:\n  ghcr.io: oci-layout:./registry\n");
    const deep = join(root, "05-komposer", "sub");
    mkdirSync(deep, { recursive: true });
    const pull = await runOrk(["pull", ref, "-o", "out"], { cwd: deep });
    expect(pull).toMatchObject({ code: 0 });
    expect(readFileSync(join(deep, "out", "katalog.yaml"))).toEqual(Buffer.from(files[0]!.bytes));
    // Flags override the config file.
    const other = await runOrk(["inspect", ref, "--mirror", "ghcr.io=oci-layout:./elsewhere"], { cwd: deep });
    expect(other.code).toBe(3);
    expect(other.stderr).toContain("elsewhere");
  });

  it("mirrors one registry host to another registry", async () => {
    const ref = `${env.registry.host}/${uniqueRepo("mirrored")}:v1`;
    expect((await runOrk(["push", ref, katalogFolder(work)])).code).toBe(0);
    const viaMirror = ref.replace(env.registry.host, "registry.example.com");
    const result = await runOrk([
      "inspect",
      viaMirror,
      "--mirror",
      `registry.example.com=http://${env.registry.host}`,
    ]);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toContain(`Source:        ${env.registry.host}`);
  });
});
