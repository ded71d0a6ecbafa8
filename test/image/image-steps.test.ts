// There is no Docker engine here, so this test reproduces the Dockerfile's runtime stage in a temp dir: it
// reads the stage's COPY and RUN lines, copies what they copy (dist/ comes from the repository's build, the
// build stage's equivalent: `npm test` builds first), runs the stage's own `npm ci` command (plus
// --prefer-offline) and then runs what the image runs. A dev dependency imported by dist/, a file the image
// forgets, or a broken `ork` link fails here before anyone builds the image.
import { execFile } from "node:child_process";
import { builtinModules } from "node:module";
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { loadTestEnv } from "../env/state.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as {
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

interface Stage {
  name: string;
  lines: string[];
}

/** The Dockerfile's stages with their instructions, continuation lines joined and comments dropped. */
export function parseDockerfile(text: string): Stage[] {
  const instructions = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const stages: Stage[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+\S+(?:\s+AS\s+(\S+))?/i.exec(line);
    if (from) stages.push({ name: from[1] ?? String(stages.length), lines: [] });
    else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

function run(
  command: string,
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      command,
      [...args],
      { cwd, env, encoding: "utf8", timeout: 300_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        done({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(path);
    return entry.name.endsWith(".js") ? [path] : [];
  });
}

/** Bare module specifiers (packages, not relative paths or Node built-ins) that a compiled file imports. */
export function bareSpecifiers(source: string): string[] {
  const patterns = [
    // A specifier never spans lines: prose such as "an import's entry" in a comment is not an import.
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*["']([^"'\n]+)["']/g,
    /\bimport\s*["']([^"'\n]+)["']/g,
    /\bimport\s*\(\s*["']([^"'\n]+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"'\n]+)["']\s*\)/g,
  ];
  const found = new Set<string>();
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) {
      const spec = match[1]!;
      if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("node:")) continue;
      if (builtinModules.includes(spec.split("/")[0]!)) continue;
      found.add(spec);
    }
  }
  return [...found];
}

const dockerfile = readFileSync(join(REPO, "Dockerfile"), "utf8");
const stages = parseDockerfile(dockerfile);
const runtime = stages.at(-1)!;

describe("the Dockerfile", () => {
  it("builds in a node:20-bookworm-slim stage and runs as a non-root user with the operator as entrypoint", () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(stages.map((s) => s.name)).toEqual(["build", "runtime"]);
    expect(stages[0]!.lines).toEqual(
      expect.arrayContaining(["RUN npm ci --no-audit --no-fund", "RUN npm run build"]),
    );
    expect(runtime.lines).toContain("USER 65532:65532");
    expect(runtime.lines.at(-1)).toBe('ENTRYPOINT ["node", "dist/operator.js"]');
  });
});

describe("the image's runtime stage, reproduced in a temp dir", () => {
  const app = mkdtempSync(join(loadTestEnv().workDir, "image-app-"));
  const bin = mkdtempSync(join(loadTestEnv().workDir, "image-bin-"));
  let installed: string[] = [];
  const npmCi = runtime.lines
    .filter((l) => l.startsWith("RUN "))
    .flatMap((l) => l.slice(4).split("&&"))
    .map((c) => c.trim())
    .find((c) => c.startsWith("npm ci"));
  const link = runtime.lines.map((l) => /ln -s (\S+) (\S+)/.exec(l)).find((m) => m !== null);

  beforeAll(async () => {
    if (!existsSync(join(REPO, "dist", "cli", "main.js"))) {
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    }
    // COPY <src...> <dest>: local sources from the repository; `--from=build /src/dist` is the repository's dist.
    for (const line of runtime.lines.filter((l) => l.startsWith("COPY "))) {
      const parts = line.split(/\s+/).slice(1);
      const fromBuild = parts[0]?.startsWith("--from=");
      const args = fromBuild ? parts.slice(1) : parts;
      const dest = join(app, args.at(-1)!);
      for (const src of args.slice(0, -1)) {
        const from = fromBuild ? join(REPO, relative("/src", src)) : join(REPO, src);
        const to = args.at(-1)!.endsWith("/") ? join(dest, src.split("/").at(-1)!) : dest;
        cpSync(from, to, { recursive: true });
      }
    }
    const [command, ...args] = npmCi!.split(/\s+/);
    const result = await run(command!, [...args, "--prefer-offline"], app);
    if (result.code !== 0) throw new Error(`${npmCi} --prefer-offline failed:\n${result.stderr}`);
    installed = readdirSync(app).sort();
  });

  it("copies exactly the package files, dist/ and crds/", () => {
    expect(npmCi).toBe("npm ci --omit=dev --ignore-scripts --no-audit --no-fund");
    expect(installed).toEqual(["crds", "dist", "node_modules", "package-lock.json", "package.json"]);
    expect(readdirSync(join(app, "crds"))).toContain("komposers.orkestra.orkspace.io.yaml");
  });

  it("installs the production dependencies and none of the dev-only packages of the lock file", () => {
    for (const dep of Object.keys(pkg.dependencies))
      expect(existsSync(join(app, "node_modules", dep))).toBe(true);
    // `dev: true` marks packages only dev dependencies need (a dev dependency that a production package also
    // needs, such as @types/node for @kubernetes/client-node, is not dev-only and is rightly installed).
    const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as {
      packages: Record<string, { dev?: boolean }>;
    };
    const devOnly = Object.entries(lock.packages)
      .filter(([path, entry]) => path.startsWith("node_modules/") && entry.dev === true)
      .map(([path]) => path);
    expect(devOnly).toEqual(expect.arrayContaining(["node_modules/typescript", "node_modules/jest"]));
    expect(devOnly.filter((path) => existsSync(join(app, path)))).toEqual([]);
  });

  it("resolves every package that dist/ imports from the production-only node_modules", async () => {
    const specifiers = [
      ...new Set(jsFiles(join(app, "dist")).flatMap((f) => bareSpecifiers(readFileSync(f, "utf8")))),
    ].sort();
    expect(specifiers).toEqual(expect.arrayContaining(["commander", "yaml", "zod"]));
    const probe = join(app, "import-probe.mjs");
    writeFileSync(
      probe,
      [
        `const specifiers = ${JSON.stringify(specifiers)};`,
        "const failed = [];",
        "for (const s of specifiers) { try { await import(s); } catch (e) { failed.push(`${s}: ${e.message}`); } }",
        "process.stdout.write(JSON.stringify(failed));",
      ].join("\n"),
    );
    const result = await run(process.execPath, [probe], app);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it("runs `node dist/cli/main.js --version`", async () => {
    const result = await run(process.execPath, ["dist/cli/main.js", "--version"], app, {
      PATH: process.env.PATH,
      HOME: app,
    });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  it("puts `ork` on PATH through the Dockerfile's symlink", async () => {
    expect(link).toBeDefined();
    const [, target, linkPath] = link!;
    expect(target).toBe("/app/dist/cli/main.js");
    expect(linkPath).toBe("/usr/local/bin/ork");
    const ork = join(bin, "ork");
    // The image's /app is this temp dir; chmod as the RUN line does.
    chmodSync(join(app, "dist", "cli", "main.js"), 0o755);
    symlinkSync(join(app, relative("/app", target!)), ork);
    const result = await run("ork", ["--version"], "/", {
      PATH: `${bin}:${process.env.PATH ?? ""}`,
      HOME: app,
    });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe(pkg.version);
  });

  // The flags helm/templates/deployment.yaml passes; the operator must know every one of them.
  const chartFlags = [
    "--leader-elect",
    "--leader-election-namespace",
    "--allowed-registries",
    "--rbac-ceiling",
    "--namespace",
    "--workers",
    "--log-level",
    "--health-address",
    "--registry-config",
  ];
  // No fallback when dist/operator.js is missing: `npm test` builds first, and a missing entrypoint must fail.
  it("runs the entrypoint, `node dist/operator.js --help`, which knows every flag the chart passes", async () => {
    if (!existsSync(join(REPO, "dist", "operator.js")))
      throw new Error("dist/operator.js is missing: run `npm run build` before the image tests");
    const result = await run(process.execPath, ["dist/operator.js", "--help"], app, {
      PATH: process.env.PATH,
      HOME: app,
    });
    expect(result.code).toBe(0);
    for (const flag of chartFlags) expect(result.stdout).toContain(flag);
  });
});
