// `ork reconcile NAME [-n NS]`: ask the operator to reconcile a Komposer now (re-resolving every tag) instead
// of at its next spec.interval, like `flux reconcile`. It sets the komposer.orkestra.orkspace.io/requestedAt
// annotation to the current time, waits until status.lastHandledReconcileAt echoes that value, and prints
// the outcome. The cluster is reached through the user's kubectl (src/cli/kubectl.ts).
import type { Command } from "commander";
import { RECONCILE_REQUEST_ANNOTATION } from "../../api/reconcile-request.js";
import type { Condition, KomposerStatus } from "../../api/komposer-status.js";
import { parseDuration } from "../../core/duration.js";
import { ClusterError } from "../../core/errors.js";
import { escapeControlCharacters } from "../../core/terminal-text.js";
import { kubectlRunner, type Kubectl } from "../kubectl.js";
import type { CliContext } from "../program.js";

interface ReconcileFlags {
  namespace?: string;
  context?: string;
  kubeconfig?: string;
  kubectl: string;
  timeout: string;
}

interface KomposerView {
  metadata: { name: string; namespace: string; annotations?: Record<string, string> };
  spec?: { suspend?: boolean };
  status?: KomposerStatus;
}

const POLL_MS = 500;

export function registerReconcileCommand(program: Command, context: CliContext): void {
  program
    .command("reconcile")
    .description(
      "ask the operator to reconcile a Komposer now (re-resolve tags) and wait for the outcome; runs kubectl",
    )
    .argument("<name>", "the Komposer's name")
    .option("-n, --namespace <namespace>", "the Komposer's namespace (default: kubectl's current namespace)")
    .option("--context <name>", "kubeconfig context, passed to kubectl")
    .option(
      "--kubeconfig <file>",
      "kubeconfig file, passed to kubectl (default: KUBECONFIG or ~/.kube/config)",
    )
    .option("--kubectl <path>", "the kubectl to run", "kubectl")
    .option("--timeout <duration>", "how long to wait for the operator, as a Go duration", "2m")
    .action(async (name: string, flags: ReconcileFlags) => {
      const timeoutMs = parseDuration(flags.timeout, "--timeout");
      const kubectl = kubectlRunner({
        command: flags.kubectl,
        globalArgs: [
          ...(flags.context ? ["--context", flags.context] : []),
          ...(flags.kubeconfig ? ["--kubeconfig", flags.kubeconfig] : []),
        ],
        env: context.env,
      });
      const target = ["komposer", name, ...(flags.namespace ? ["-n", flags.namespace] : [])];
      const before = await readKomposer(kubectl, target);
      const label = `Komposer ${before.metadata.namespace}/${before.metadata.name}`;
      if (before.spec?.suspend === true)
        throw new ClusterError(
          "NotReady",
          `${label} is suspended (spec.suspend: true), so the operator handles no request; set it to false first`,
        );
      const requestedAt = new Date().toISOString();
      await kubectl(["annotate", ...target, "--overwrite", `${RECONCILE_REQUEST_ANNOTATION}=${requestedAt}`]);
      context.stderr.write(`Requested a reconcile of ${label} at ${requestedAt}; waiting for the operator\n`);
      const handled = await waitForHandled(kubectl, target, requestedAt, timeoutMs, label);
      const ready = handled.status?.conditions?.find((c) => c.type === "Ready");
      context.stdout.write(`${label} reconciled: ${describe(ready)}\n`);
      if (ready?.status === "False")
        throw new ClusterError("NotReady", `${label} is not Ready after the reconcile: ${ready.message}`);
    });
}

async function readKomposer(kubectl: Kubectl, target: readonly string[]): Promise<KomposerView> {
  return JSON.parse(await kubectl(["get", ...target, "-o", "json"])) as KomposerView;
}

async function waitForHandled(
  kubectl: Kubectl,
  target: readonly string[],
  requestedAt: string,
  timeoutMs: number,
  label: string,
): Promise<KomposerView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const komposer = await readKomposer(kubectl, target);
    if (komposer.status?.lastHandledReconcileAt === requestedAt) return komposer;
    if (Date.now() >= deadline) {
      const seen = komposer.status?.lastHandledReconcileAt;
      throw new ClusterError(
        "ReconcileTimeout",
        `${label}: the operator did not handle the request of ${requestedAt} within ${timeoutMs / 1000}s ` +
          `(status.lastHandledReconcileAt is ${seen ?? "unset"}); check that the operator runs and watches ` +
          "this namespace (kubectl logs of its Deployment), or wait longer with --timeout",
      );
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

function describe(ready: Condition | undefined): string {
  if (!ready) return "no Ready condition yet";
  return escapeControlCharacters(`Ready=${ready.status} (${ready.reason}): ${ready.message}`);
}
