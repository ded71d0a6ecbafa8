// Runs Argo CD health checks in Argo CD's own engine: test/argocd/argocd-lua (built by test/env/build-tools.sh
// against the pinned github.com/argoproj/argo-cd/v3) reads the health customization from an argocd-cm patch with
// Argo CD's settings code and evaluates each object with Argo CD's util/lua VM: gopher-lua with only the base,
// table, package and safe-os libraries, the object in the global `obj`, the returned table read as {status,
// message}, unknown statuses turned into Unknown. Objects are evaluated in one process per call (it takes ~0.3 s).
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify } from "yaml";
import { toolPaths } from "../env/versions.js";

export const HEALTH_LUA = fileURLToPath(new URL("../../docs/argocd/health.lua", import.meta.url));
export const ARGOCD_CM_PATCH = fileURLToPath(
  new URL("../../docs/argocd/argocd-cm-patch.yaml", import.meta.url),
);

/** What Argo CD's VM answered for one object: a health status, or the error Argo CD would show. */
export type Health = { status: string; message: string } | { error: string };

/** Evaluates every object with the health customizations of an argocd-cm (patch) file, in Argo CD's engine. */
export function evaluateHealthAll(objects: unknown[], argocdCm: string = ARGOCD_CM_PATCH): Promise<Health[]> {
  const binary = toolPaths().argocdLua;
  return new Promise((resolve, reject) => {
    const child = execFile(
      binary,
      ["-cm", argocdCm],
      { encoding: "utf8", timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error)
          return reject(
            new Error(
              `${binary} -cm ${argocdCm} failed (build it with bash test/env/build-tools.sh argocd-lua): ${stderr || error.message}`,
            ),
          );
        const results = JSON.parse(stdout) as { status?: string; message: string; error?: string }[];
        if (results.length !== objects.length)
          return reject(
            new Error(`argocd-lua answered ${results.length} results for ${objects.length} objects`),
          );
        // An error answer has an empty message beside it (the wrapper's JSON shape); keep only the error.
        resolve(
          results.map((r) => (r.error ? { error: r.error } : { status: r.status ?? "", message: r.message })),
        );
      },
    );
    child.stdin?.end(JSON.stringify(objects));
  });
}

/** Evaluates one object; rejects with Argo CD's error when the script fails. */
export async function evaluateHealth(
  obj: unknown,
  argocdCm?: string,
): Promise<{ status: string; message: string }> {
  const [health] = await evaluateHealthAll([obj], argocdCm);
  if (!health) throw new Error("argocd-lua returned no result");
  if ("error" in health) throw new Error(`Argo CD's Lua VM failed: ${health.error}`);
  return health;
}

const scratch = mkdtempSync(join(tmpdir(), "argocd-cm-"));
let counter = 0;

/** Writes an argocd-cm patch that installs `script` as the health check of `groupKind` ("group_Kind"). */
export function writeArgocdCm(groupKind: string, script: string): string {
  const path = join(scratch, `argocd-cm-${counter++}.yaml`);
  writeFileSync(path, stringify({ data: { [`resource.customizations.health.${groupKind}`]: script } }));
  return path;
}
