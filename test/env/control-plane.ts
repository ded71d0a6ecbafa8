// etcd + kube-apiserver (always), and on request kube-controller-manager, kube-scheduler and kwok with fake
// Nodes so that Deployments really roll out. All on 127.0.0.1, all built from Go modules (build-tools.sh).
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { httpsGet } from "./https-probe.js";
import { writeKubeconfig } from "./kubeconfig.js";
import { createClientCert, createPki, type Pki } from "./pki.js";
import { freePort } from "./ports.js";
import { startProcess, stopProcess, waitFor, type ManagedProcess } from "./process.js";
import type { ToolPaths } from "./versions.js";

const kwokStages = fileURLToPath(new URL("./kwok-stages.yaml", import.meta.url));

export interface ControlPlane {
  server: string;
  kubeconfig: string;
  pki: Pki;
  processes: ManagedProcess[];
}

export interface ControlPlaneOptions {
  workDir: string;
  tools: ToolPaths;
  /** Also run kube-controller-manager, kube-scheduler and kwok with fake Nodes. */
  controllers: boolean;
  nodes?: number;
}

async function startEtcd(workDir: string, tools: ToolPaths): Promise<{ url: string; proc: ManagedProcess }> {
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const peerUrl = `http://127.0.0.1:${peer}`;
  const proc = startProcess({
    name: "etcd",
    command: tools.etcd,
    logDir: workDir,
    args: [
      "--name=default",
      `--data-dir=${join(workDir, "etcd-data")}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=default=${peerUrl}`,
      "--unsafe-no-fsync=true",
      "--log-level=warn",
    ],
  });
  await waitFor(
    "etcd",
    async () => {
      const res = await fetch(`${url}/health`);
      return res.ok && ((await res.json()) as { health?: string }).health === "true";
    },
    { timeoutMs: 30000, process: proc },
  );
  return { url, proc };
}

async function startApiserver(
  workDir: string,
  tools: ToolPaths,
  pki: Pki,
  etcdUrl: string,
): Promise<{ server: string; proc: ManagedProcess }> {
  const port = await freePort();
  const server = `https://127.0.0.1:${port}`;
  const proc = startProcess({
    name: "kube-apiserver",
    command: tools.kubeApiserver,
    logDir: workDir,
    args: [
      `--etcd-servers=${etcdUrl}`,
      `--cert-dir=${join(workDir, "apiserver-certs")}`,
      `--tls-cert-file=${pki.serverCert}`,
      `--tls-private-key-file=${pki.serverKey}`,
      `--client-ca-file=${pki.caCert}`,
      `--secure-port=${port}`,
      "--bind-address=127.0.0.1",
      "--advertise-address=127.0.0.1",
      "--service-cluster-ip-range=10.0.0.0/24",
      "--authorization-mode=RBAC",
      `--service-account-issuer=${server}`,
      `--service-account-key-file=${pki.saPub}`,
      `--service-account-signing-key-file=${pki.saKey}`,
      // No service-account controller runs, and no node-lifecycle controller would lift the not-ready taint.
      "--disable-admission-plugins=ServiceAccount,TaintNodesByCondition",
      "--allow-privileged=true",
      "--v=1",
    ],
  });
  return { server, proc };
}

async function startControllers(
  options: ControlPlaneOptions,
  pki: Pki,
  kubeconfig: string,
): Promise<ManagedProcess[]> {
  const { workDir, tools } = options;
  const kcm = startProcess({
    name: "kube-controller-manager",
    command: tools.kubeControllerManager,
    logDir: workDir,
    args: [
      `--kubeconfig=${kubeconfig}`,
      "--bind-address=127.0.0.1",
      `--secure-port=${await freePort()}`,
      `--root-ca-file=${pki.caCert}`,
      `--service-account-private-key-file=${pki.saKey}`,
      "--leader-elect=false",
      "--controllers=*,-nodeipam,-nodelifecycle,-cloud-node-lifecycle,-service-lb-controller,-route",
    ],
  });
  const scheduler = startProcess({
    name: "kube-scheduler",
    command: tools.kubeScheduler,
    logDir: workDir,
    args: [
      `--kubeconfig=${kubeconfig}`,
      "--bind-address=127.0.0.1",
      `--secure-port=${await freePort()}`,
      "--leader-elect=false",
    ],
  });
  const kwok = startProcess({
    name: "kwok",
    command: tools.kwok,
    logDir: workDir,
    args: [
      `--kubeconfig=${kubeconfig}`,
      "--manage-all-nodes=true",
      `--server-address=127.0.0.1:${await freePort()}`,
      `--config=${kwokStages}`,
    ],
  });
  return [kcm, scheduler, kwok];
}

/** Fake Nodes for kwok to keep Ready, with room for many pods. */
export function createFakeNodes(kubectl: string, kubeconfig: string, count: number): void {
  const nodes = Array.from({ length: count }, (_, i) => ({
    apiVersion: "v1",
    kind: "Node",
    metadata: {
      name: `kwok-node-${i}`,
      annotations: { "node.alpha.kubernetes.io/ttl": "0", "kwok.x-k8s.io/node": "fake" },
      labels: { type: "kwok", "kubernetes.io/hostname": `kwok-node-${i}`, "kubernetes.io/os": "linux" },
    },
    status: {
      allocatable: { cpu: "32", memory: "256Gi", pods: "110" },
      capacity: { cpu: "32", memory: "256Gi", pods: "110" },
    },
  }));
  execFileSync(kubectl, ["--kubeconfig", kubeconfig, "apply", "-f", "-"], {
    input: JSON.stringify({ apiVersion: "v1", kind: "List", items: nodes }),
    stdio: ["pipe", "ignore", "pipe"],
  });
}

function allNodesReady(kubectl: string, kubeconfig: string): boolean {
  const out = execFileSync(
    kubectl,
    [
      "--kubeconfig",
      kubeconfig,
      "get",
      "nodes",
      "-o",
      'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\\n"}{end}',
    ],
    { encoding: "utf8" },
  );
  const states = out.split("\n").filter(Boolean);
  return states.length > 0 && states.every((s) => s === "True");
}

export async function startControlPlane(options: ControlPlaneOptions): Promise<ControlPlane> {
  const processes: ManagedProcess[] = [];
  try {
    return await startComponents(options, processes);
  } catch (error) {
    // Whatever did start must not outlive a failed start-up.
    for (const proc of [...processes].reverse()) await stopProcess(proc);
    throw error;
  }
}

async function startComponents(
  options: ControlPlaneOptions,
  processes: ManagedProcess[],
): Promise<ControlPlane> {
  const { workDir, tools } = options;
  mkdirSync(workDir, { recursive: true });
  const pki = createPki(join(workDir, "pki"));
  const etcd = await startEtcd(workDir, tools);
  processes.push(etcd.proc);
  const api = await startApiserver(workDir, tools, pki, etcd.url);
  processes.push(api.proc);
  const admin = createClientCert(pki, "komposer-test-admin", ["system:masters"]);
  const kubeconfig = writeKubeconfig(join(workDir, "kubeconfig"), {
    server: api.server,
    caCert: pki.caCert,
    client: admin,
  });
  await waitFor(
    "kube-apiserver /readyz",
    async () =>
      (await httpsGet(`${api.server}/readyz`, { ca: pki.caCert, cert: admin.cert, key: admin.key }))
        .status === 200,
    { timeoutMs: 90000, intervalMs: 300, process: api.proc },
  );
  if (options.controllers) {
    processes.push(...(await startControllers(options, pki, kubeconfig)));
    createFakeNodes(tools.kubectl, kubeconfig, options.nodes ?? 2);
    await waitFor("kwok fake Nodes Ready", () => Promise.resolve(allNodesReady(tools.kubectl, kubeconfig)), {
      timeoutMs: 60000,
      intervalMs: 500,
      process: processes[processes.length - 1],
    });
  }
  return { server: api.server, kubeconfig, pki, processes };
}
