// There is no Docker engine here, so this test reproduces, in a temp dir, what the Dockerfile's build stage
// assembles under /out and the runtime stage copies (the runtime stage has no RUN steps: its distroless base has no
// shell). It runs the assembly's own COPY and RUN lines (dist/ comes from the repository's build, the build stage's
// equivalent: `npm test` builds first; `npm ci` gets --prefer-offline), then runs what the image runs. A dev
// dependency imported by dist/, a file the image forgets, pruning that removes something Node loads, or a broken
// `ork` launcher fails here before anyone builds the image (test/image/image.test.ts then builds and runs it).
import { execFile } from "node:child_process";
import { builtinModules } from "node:module";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
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

function allFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? allFiles(path) : [path];
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
const build = stages[0]!;
const runtime = stages.at(-1)!;
/** The build stage's assembly of the runtime tree: its lines from `WORKDIR /out/app` on. */
const assembly = build.lines.slice(build.lines.indexOf("WORKDIR /out/app") + 1);
const runCommands = assembly.filter((l) => l.startsWith("RUN ")).map((l) => l.slice(4).trim());

describe("the Dockerfile", () => {
  it("builds in a node:20-bookworm-slim stage and runs on distroless Node 20 as a non-root user", () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:20-bookworm-slim$/m);
    expect(dockerfile).toMatch(/^ARG RUNTIME_IMAGE=gcr\.io\/distroless\/nodejs20-debian12$/m);
    expect(stages.map((s) => s.name)).toEqual(["build", "runtime"]);
    expect(build.lines).toEqual(
      expect.arrayContaining(["RUN npm ci --no-audit --no-fund", "RUN npm run build", "WORKDIR /out/app"]),
    );
    expect(runtime.lines).toContain("USER 65532:65532");
    expect(runtime.lines.at(-1)).toBe('ENTRYPOINT ["/nodejs/bin/node", "dist/operator.js"]');
  });

  // Distroless has no /bin/sh: a RUN step there cannot run, so the runtime stage only copies the tree.
  it("has a runtime stage that only copies the tree assembled under /out", () => {
    expect(runtime.lines.filter((l) => l.startsWith("RUN "))).toEqual([]);
    expect(runtime.lines.filter((l) => l.startsWith("COPY "))).toEqual([
      "COPY --from=build /out/app /app",
      "COPY --from=build /out/bin/ork /usr/local/bin/ork",
    ]);
  });
});

/** The runtime stage copies /out/app to /app: the tree's paths as the image sees them. */
const IMAGE_APP = "/app/";

describe("the image's runtime tree, assembled in a temp dir as the build stage does under /out", () => {
  const out = mkdtempSync(join(loadTestEnv().workDir, "image-out-"));
  const app = join(out, "app");
  let installed: string[] = [];

  beforeAll(async () => {
    if (!existsSync(join(REPO, "dist", "cli", "main.js"))) {
      throw new Error("dist/ is missing: run `npm run build` first (npm test does)");
    }
    mkdirSync(app, { recursive: true });
    // Each step in order. COPY takes local sources from the repository; RUN runs in the temp tree, with the
    // build stage's /src (where dist/ is compiled) read as the repository and /out as the temp dir.
    for (const line of assembly) {
      if (line.startsWith("COPY ")) {
        const args = line.split(/\s+/).slice(1);
        const dest = join(app, args.at(-1)!);
        for (const src of args.slice(0, -1)) {
          const to = args.at(-1)!.endsWith("/") ? join(dest, src.split("/").at(-1)!) : dest;
          cpSync(join(REPO, src), to, { recursive: true });
        }
      } else if (line.startsWith("RUN ")) {
        let command = line.slice(4).trim().replaceAll("/src/", `${REPO}/`).replaceAll("/out/", `${out}/`);
        if (command.startsWith("npm ci")) command += " --prefer-offline";
        const result = await run("sh", ["-c", command], app);
        if (result.code !== 0) throw new Error(`${line} failed:\n${result.stderr}`);
      } else {
        throw new Error(`the image-steps test does not know how to reproduce: ${line}`);
      }
    }
    installed = readdirSync(app).sort();
  });

  it("copies exactly the package files, dist/ and crds/", () => {
    expect(runCommands).toContain("npm ci --omit=dev --ignore-scripts --no-audit --no-fund");
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

  it("prunes type declarations, TypeScript sources and source maps from node_modules", () => {
    const left = allFiles(join(app, "node_modules")).filter((f) => /\.(?:[mc]?ts|map)$/.test(f));
    expect(left).toEqual([]);
    expect(existsSync(join(app, "node_modules", "@kubernetes", "client-node", "dist", "index.js"))).toBe(
      true,
    );
  });

  it("resolves every package that dist/ imports from the pruned production node_modules", async () => {
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
    rmSync(probe);
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

  it("generates the embedded demo's bundle from the pruned tree exactly as the repository's build does", async () => {
    const examples = join(REPO, "examples");
    const args = ["generate", "bundle", "-f", "pattern-zoo/komposer.yaml", "-o", "-"];
    const fromTree = await run(process.execPath, [join(app, "dist/cli/main.js"), ...args], examples);
    const fromRepo = await run(process.execPath, [join(REPO, "dist/cli/main.js"), ...args], examples);
    expect(fromTree.code).toBe(0);
    expect(fromTree.stdout).toContain("kind: ConfigMap");
    expect(fromTree.stdout).toBe(fromRepo.stdout);
  });

  it("puts `ork` on PATH through a launcher that needs neither a shell nor /usr/bin/env", async () => {
    const launcher = readFileSync(join(out, "bin", "ork"), "utf8");
    expect(statSync(join(out, "bin", "ork")).mode & 0o111).toBe(0o111);
    // The runtime base's node, the one the entrypoint names.
    const node = /"(\/[^"]+)", "dist\/operator\.js"/.exec(runtime.lines.at(-1)!)?.[1];
    expect(node).toBe("/nodejs/bin/node");
    expect(launcher.split("\n")[0]).toBe(`#!${node}`);
    expect(launcher).toContain(`${IMAGE_APP}dist/cli/main.js`);
    // Here the image's /app is the temp tree, and node is this process's.
    const local = join(out, "ork-local.cjs");
    writeFileSync(local, launcher.replaceAll(IMAGE_APP, `${app}/`));
    const result = await run(process.execPath, [local, "--version"], "/", {
      PATH: process.env.PATH,
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
