// The user's own kubectl, run as a child process: how `ork` reaches a cluster without a Kubernetes client of
// its own (the CLI never imports src/kube; docs/decisions/0009-removal-and-reconcile-requests.md). kubectl
// brings the user's kubeconfig, contexts, exec credential plugins and proxies for free; KUBECONFIG in the
// environment is passed through, and --context/--kubeconfig are forwarded.
import { spawn } from "node:child_process";
import { ClusterError } from "../core/errors.js";
import { escapeControlCharacters } from "../core/terminal-text.js";

export interface KubectlOptions {
  /** The kubectl executable: a name looked up on PATH, or a path. */
  command: string;
  /** Leading arguments for every call: --context, --kubeconfig. */
  globalArgs: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
}

export type Kubectl = (args: readonly string[]) => Promise<string>;

/** The longest stderr quoted in an error: kubectl's first lines say what went wrong. */
const MAX_STDERR = 2_000;

export function kubectlRunner(options: KubectlOptions): Kubectl {
  return (args) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(options.command, [...options.globalArgs, ...args], {
        env: options.env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
      child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
      child.on("error", (error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") {
          reject(
            new ClusterError(
              "KubectlNotFound",
              `kubectl not found (${options.command}): ork reconcile talks to the cluster through kubectl; ` +
                "install it (https://kubernetes.io/docs/tasks/tools/) or name it with --kubectl PATH",
              { cause: error },
            ),
          );
        } else
          reject(new ClusterError("KubectlFailed", `could not run ${options.command}: ${error.message}`));
      });
      child.on("close", (code) => {
        if (code === 0) {
          resolve(Buffer.concat(out).toString("utf8"));
          return;
        }
        const stderr = Buffer.concat(err).toString("utf8").trim().slice(0, MAX_STDERR);
        reject(
          new ClusterError(
            "KubectlFailed",
            `kubectl ${args.slice(0, 2).join(" ")} failed (exit ${code ?? "signal"}): ` +
              escapeControlCharacters(stderr || "no error output", { keepNewlines: true }),
          ),
        );
      });
    });
}
