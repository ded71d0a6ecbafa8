// Issue 10 item 9: ordinary failures are exit-1 errors naming the path, never "internal error" (exit 70) with
// a stack trace; a pull writes all or nothing, and an interrupted pull leaves no temporary files.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadTestEnv } from "../env/state.js";
import { startFakeRegistry, type FakeRegistry } from "../support/fake-registry.js";
import { katalogText } from "../support/oci-fixtures.js";
import { ORK_MAIN, runOrk } from "../support/ork-cli.js";

const enc = new TextEncoder();
let registry: FakeRegistry;
let work: string;
let ref: string;
beforeAll(async () => {
  work = mkdtempSync(join(loadTestEnv().workDir, "output-failures-"));
  writeFileSync(join(work, "katalog.yaml"), katalogText());
  registry = await startFakeRegistry();
  registry.put("ok/katalog", "v1", { layers: [{ title: "katalog.yaml", bytes: enc.encode(katalogText()) }] });
  ref = `${registry.host}/ok/katalog:v1`;
});
afterAll(() => registry.close());

const generate = (output: string) =>
  runOrk(["generate", "bundle", "-f", "katalog.yaml", "--no-lock", "-o", output], { cwd: work });

describe("ork generate -o", () => {
  it.each([
    ["into a missing folder", () => join(work, "missing", "bundle.yaml"), /its folder does not exist/],
    ["onto a folder", () => work, /is a folder; name a file/],
    ["with a name too long", () => join(work, `${"n".repeat(300)}.yaml`), /name is too long/],
    [
      "through a symbolic-link loop",
      () => {
        symlinkSync("loop-b", join(work, "loop-a"));
        symlinkSync("loop-a", join(work, "loop-b"));
        return join(work, "loop-a", "bundle.yaml");
      },
      /symbolic links/,
    ],
  ])("%s is an exit-1 error naming the path", async (_, output, why) => {
    const path = output();
    const result = await generate(path);
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(path);
    expect(result.stderr).toMatch(why);
  });
});

describe("ork pull -o", () => {
  it("onto a file is an exit-1 error naming it", async () => {
    const file = join(work, "a-file");
    writeFileSync(file, "x");
    const result = await runOrk(["pull", ref, "-o", file]);
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(file);
  });

  it("writes nothing when titles `a` and `a/b` collide", async () => {
    registry.put("bad/nested", "v1", {
      layers: [
        { title: "a", bytes: enc.encode("file a") },
        { title: "a/b", bytes: enc.encode("file a/b") },
      ],
    });
    for (const existing of [false, true]) {
      const out = join(work, `nested-${existing}`);
      if (existing) mkdirSync(out);
      const result = await runOrk(["pull", `${registry.host}/bad/nested:v1`, "-o", out]);
      expect(result.stderr).not.toContain("internal error");
      expect(result.code).not.toBe(0);
      expect(existsSync(join(out, "a"))).toBe(false);
      expect(readdirSync(work).filter((n) => n.includes("ork-tmp"))).toEqual([]);
    }
  });

  it("writes nothing when a file of the folder is in the way of one of the artifact's", async () => {
    registry.put("ok/two", "v1", {
      layers: [
        { title: "katalog.yaml", bytes: enc.encode(katalogText()) },
        { title: "docs/readme.md", bytes: enc.encode("hello") },
      ],
    });
    const out = join(work, "in-the-way");
    mkdirSync(out);
    writeFileSync(join(out, "docs"), "a file where the artifact has a folder");
    const result = await runOrk(["pull", `${registry.host}/ok/two:v1`, "-o", out]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(join(out, "docs"));
    expect(readdirSync(out)).toEqual(["docs"]);
  });

  it("removes its temporary files when interrupted (SIGINT)", async () => {
    // 1,000 small files take long enough to write that the signal lands mid-write.
    registry.put("ok/many", "v1", {
      layers: Array.from({ length: 1000 }, (_, i) => ({
        title: `d${i % 10}/f${i}.txt`,
        bytes: enc.encode(`${i}`),
      })),
    });
    const parent = mkdtempSync(join(work, "interrupted-"));
    const child = spawn(process.execPath, [ORK_MAIN, "pull", `${registry.host}/ok/many:v1`, "-o", "out"], {
      cwd: parent,
      // The download cache lives elsewhere: only the pull's own temporary files are asserted on here.
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: parent, XDG_CACHE_HOME: join(work, "cache") },
      stdio: "ignore",
    });
    const exited = new Promise<number | null>((done) => child.on("exit", (code) => done(code)));
    let staged = false;
    const deadline = Date.now() + 30_000;
    while (!staged && child.exitCode === null && Date.now() < deadline) {
      staged = readdirSync(parent).some((n) => n.includes("ork-tmp"));
      if (!staged) await new Promise((r) => setImmediate(r));
    }
    expect(staged).toBe(true);
    child.kill("SIGINT");
    expect(await exited).toBe(130);
    expect(readdirSync(parent)).toEqual([]);
  });
});

describe("deeply nested input", () => {
  it("a CRD entry nested 700 levels deep is an input error with file and line, not a stack overflow", async () => {
    const lines = katalogText().trimEnd().split("\n");
    lines.push("      setup:");
    for (let i = 0; i < 700; i++) lines.push(`${"  ".repeat(4 + i)}a:`);
    writeFileSync(join(work, "deep.yaml"), `${lines.join("\n")} 1\n`);
    const result = await runOrk(["generate", "bundle", "-f", "deep.yaml", "--no-lock"], { cwd: work });
    expect(result.stderr).not.toContain("internal error");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /deep\.yaml:\d+: spec\.crds\.webapp\.setup\..*nested more than 128 levels deep/,
    );
  });
});
