// Issue 10 item 7: a `.ork/config.yaml` redirects registries, so one left in a shared parent (/tmp), above the
// repository, or writable by others must not apply; and when one applies, stderr says which.
import { chmodSync, chownSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { registrySettings } from "./registry-options.js";

const EVIL = "mirrors:\n  ghcr.io: oci-layout:./evil\n";

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), "ork-config-"));
  mkdirSync(join(root, "repo", "sub"), { recursive: true });
  return root;
}

function writeConfig(dir: string, text = EVIL): string {
  mkdirSync(join(dir, ".ork"), { recursive: true });
  writeFileSync(join(dir, ".ork", "config.yaml"), text);
  return join(dir, ".ork", "config.yaml");
}

async function settingsFrom(cwd: string, env: Record<string, string> = {}) {
  const stderr = new PassThrough();
  let text = "";
  stderr.on("data", (chunk: Buffer) => (text += chunk.toString()));
  const settings = await registrySettings({}, { stdout: new PassThrough(), stderr, env, cwd });
  return { settings, stderr: () => text };
}

describe("finding .ork/config.yaml", () => {
  it("uses the nearest config and says so on stderr", async () => {
    const root = tree();
    const file = writeConfig(join(root, "repo"));
    const { settings, stderr } = await settingsFrom(join(root, "repo", "sub"));
    expect(settings.configFile).toBe(file);
    expect(settings.mirrors?.get("ghcr.io")).toBeDefined();
    expect(stderr()).toBe(`mirrors from ${file}\n`);
  });

  it("does not look above the repository root (a folder with .git)", async () => {
    const root = tree();
    writeConfig(root);
    mkdirSync(join(root, "repo", ".git"));
    const { settings, stderr } = await settingsFrom(join(root, "repo", "sub"));
    expect(settings.configFile).toBeUndefined();
    expect(settings.mirrors?.size ?? 0).toBe(0);
    expect(stderr()).toBe("");
  });

  it("does not look above the home folder", async () => {
    const root = tree();
    writeConfig(root);
    const { settings } = await settingsFrom(join(root, "repo", "sub"), { HOME: join(root, "repo") });
    expect(settings.configFile).toBeUndefined();
  });

  it("ignores a config in a world-writable folder such as /tmp, with a warning", async () => {
    const root = tree();
    const file = writeConfig(root);
    chmodSync(root, 0o1777);
    const { settings, stderr } = await settingsFrom(join(root, "repo", "sub"));
    expect(settings.configFile).toBeUndefined();
    expect(stderr()).toBe(`warning: ignored ${file}: ${root} is world-writable\n`);
  });

  it("ignores a world-writable .ork folder or config file", async () => {
    for (const writable of [".ork", join(".ork", "config.yaml")]) {
      const root = tree();
      writeConfig(join(root, "repo"));
      chmodSync(join(root, "repo", writable), 0o666 | (writable === ".ork" ? 0o111 : 0));
      const { settings, stderr } = await settingsFrom(join(root, "repo", "sub"));
      expect(settings.configFile).toBeUndefined();
      expect(stderr()).toContain(`${join(root, "repo", writable)} is world-writable`);
    }
  });

  const asRoot = process.getuid?.() === 0 ? it : it.skip;
  asRoot("ignores a config that belongs to another user", async () => {
    const root = tree();
    const file = writeConfig(join(root, "repo"));
    chownSync(file, 12345, 12345);
    const { settings, stderr } = await settingsFrom(join(root, "repo", "sub"));
    expect(settings.configFile).toBeUndefined();
    expect(stderr()).toContain(`${file} belongs to another user (uid 12345)`);
  });

  it("says nothing when flags override every mirror of the config", async () => {
    const root = tree();
    writeConfig(join(root, "repo"));
    const { stderr } = await settingsFrom(join(root, "repo", "sub"), {
      ORK_MIRRORS: "ghcr.io=oci-layout:./x",
    });
    expect(stderr()).toBe("");
  });
});
