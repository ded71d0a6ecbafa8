// Operator scale benchmark: N Komposers (each in its own namespace, all importing the same 20 artifacts)
// created at once against a fresh real control plane and registry. Reports time until all are Ready, the
// operator's peak RSS (VmHWM), its API writes (komposer_api_writes_total) and registry work, then a steady
// state with spec.interval 5s: writes per resync (target 0) and registry requests per resync (HEADs only).
// The floor, measured in the same run before the operator starts: how many writes per second this API server
// takes from one client at the operator's concurrency (1,000 ConfigMap creates); the operator's writes to
// Ready divided by that rate is the least time all-Ready can take here, whatever the operator does.
// Run: npm run build && npx tsx bench/operator.ts [sizes...]   (default 1 100 1000)
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as k8s from "@kubernetes/client-node";
import { pushArtifact } from "../src/oci/index.js";
import { freePort } from "../test/env/ports.js";
import { startProcess, stopProcess } from "../test/env/process.js";
import { startTestEnv, stopAll } from "../test/env/testenv.js";
import type { TestEnv } from "../test/env/state.js";

const ARTIFACTS = 20;
const FLOOR_WRITES = 1_000;
/** The operator's concurrency: BENCH_WORKERS, else its own default (src/controller/operator-config.ts). */
const WORKERS = Number(process.env.BENCH_WORKERS ?? 16);
const STEADY_MS = 60_000;
const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Result {
  komposers: number;
  secondsToReady: number;
  peakRssMiB: number;
  /** Resident memory when all were Ready, and at the end of the steady state (what stays held). */
  rssAtReadyMiB: number;
  rssSteadyMiB: number;
  /** At the end of the steady state: V8 heap reserved and in use, and memory held outside it (Buffers). */
  heapTotalMiB: number;
  heapUsedMiB: number;
  externalMiB: number;
  writesToReady: number;
  writesPerKomposer: number;
  /** ConfigMap creates per second at the operator's concurrency, measured before the operator started. */
  apiWritesPerSecond: number;
  /** writesToReady at that rate: the least time to all-Ready on this API server. */
  readyFloorSeconds: number;
  registryFetched: number;
  steadyResyncs: number;
  steadyWrites: number;
  writesPerResync: number;
  headsPerResync: number;
  /** HEAD requests actually sent per resync (tag re-checks answered by a shared HEAD send none). */
  headRequestsPerResync: number;
  fetchesInSteadyState: number;
}

function katalog(i: number): string {
  return [
    "apiVersion: orkestra.orkspace.io/v1",
    "kind: Katalog",
    `metadata: {name: bench-${i}, version: v1.0.0}`,
    "spec:",
    "  crds:",
    `    kind${i}:`,
    `      apiTypes: {group: bench${i}.example.io, version: v1, kind: Kind${i}, plural: kind${i}s}`,
    "      operatorBox:",
    "        onCreate:",
    "          deployments: [{name: x}]",
    "",
  ].join("\n");
}

async function pushArtifacts(registry: string): Promise<string[]> {
  const refs: string[] = [];
  for (let i = 0; i < ARTIFACTS; i++) {
    const ref = { registry, repository: `bench/katalog-${i}`, tag: "v1.0.0" };
    await pushArtifact(ref, [{ name: "katalog.yaml", bytes: new TextEncoder().encode(katalog(i)) }], {
      env: {},
      created: "2026-01-01T00:00:00Z",
    });
    refs.push(`oci://${registry}/${ref.repository}:${ref.tag}`);
  }
  return refs;
}

function metric(text: string, name: string, label?: string): number {
  return text
    .split("\n")
    .filter((l) => l.startsWith(name) && (!label || l.includes(label)))
    .reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(" ") + 1)), 0);
}

async function inBatches<T>(
  items: readonly T[],
  size: number,
  run: (item: T) => Promise<unknown>,
): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(run));
}

async function countReady(custom: k8s.CustomObjectsApi): Promise<number> {
  const list = (await custom.listClusterCustomObject({
    group: "orkestra.orkspace.io",
    version: "v1",
    plural: "komposers",
  })) as {
    items: { status?: { conditions?: { type: string; status: string }[]; active?: unknown } }[];
  };
  return list.items.filter(
    (k) => k.status?.active && k.status.conditions?.some((c) => c.type === "Ready" && c.status === "True"),
  ).length;
}

/** Writes per second the API server takes from one client with `concurrency` requests in flight. */
async function apiWriteFloor(core: k8s.CoreV1Api, namespaces: readonly string[]): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let i = next++; i < FLOOR_WRITES; i = next++) {
        const namespace = namespaces[i % namespaces.length]!;
        await core.createNamespacedConfigMap({
          namespace,
          body: { metadata: { name: `floor-${i}` }, data: { i: `${i}` } },
        });
      }
    }),
  );
  return FLOOR_WRITES / ((performance.now() - started) / 1000);
}

/** A memory figure of a running process from /proc (VmHWM: peak resident; VmRSS: resident now), in MiB. */
function procStatusMiB(pid: number, field: "VmHWM" | "VmRSS"): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kib = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return Math.round(kib / 102.4) / 10;
}

/** Asks the operator (started with --heapsnapshot-signal) for a heap snapshot and waits until it is written. */
async function heapSnapshot(pid: number, dir: string): Promise<void> {
  const snapshots = () => readdirSync(dir).filter((f) => f.endsWith(".heapsnapshot"));
  const before = snapshots().length;
  process.kill(pid, "SIGUSR2");
  // Node writes the file under its final name as it goes: it is complete once its size stops changing.
  let last = -1;
  for (;;) {
    await sleep(2_000);
    const files = snapshots();
    if (files.length <= before) continue;
    const size = files.reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    if (size > 0 && size === last) return; // the file exists (empty) before V8 starts writing it
    last = size;
  }
}

async function runOnce(env: TestEnv, n: number, refs: string[]): Promise<Result> {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(env.kubeconfig);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  execFileSync(env.bin.kubectl, [
    "--kubeconfig",
    env.kubeconfig,
    "apply",
    "--server-side",
    "-f",
    "crds/komposers.orkestra.orkspace.io.yaml",
  ]);
  execFileSync(env.bin.kubectl, [
    "--kubeconfig",
    env.kubeconfig,
    "wait",
    "--for=condition=Established",
    "crd/komposers.orkestra.orkspace.io",
  ]);
  const namespaces = Array.from({ length: n }, (_, i) => `bench-${i}`);
  await inBatches(namespaces, 50, (name) => core.createNamespace({ body: { metadata: { name } } }));
  const apiWritesPerSecond = await apiWriteFloor(core, namespaces);

  const port = await freePort();
  const operator = startProcess({
    name: `bench-operator-${n}`,
    command: process.execPath,
    // BENCH_CPU_PROF=<dir> writes a V8 CPU profile of the operator there (open it in Chrome DevTools).
    args: [
      // BENCH_NODE_ARGS: extra Node flags for the operator, e.g. "--max-old-space-size=192" (space-separated).
      ...(process.env.BENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
      ...(process.env.BENCH_CPU_PROF ? ["--cpu-prof", "--cpu-prof-dir", process.env.BENCH_CPU_PROF] : []),
      // BENCH_HEAP_SNAPSHOT=<dir> writes a heap snapshot of the operator there at the end of the steady state
      // (after its peak RSS was read: writing a snapshot costs memory itself).
      ...(process.env.BENCH_HEAP_SNAPSHOT
        ? ["--heapsnapshot-signal=SIGUSR2", "--diagnostic-dir", process.env.BENCH_HEAP_SNAPSHOT]
        : []),
      "dist/operator.js",
      "--kubeconfig",
      env.kubeconfig,
      "--health-address",
      `127.0.0.1:${port}`,
      // BENCH_WORKERS: concurrent reconciles (the figures were measured with 8).
      "--workers",
      String(WORKERS),
      "--log-level",
      "warn",
    ],
    logDir: env.workDir,
  });
  const metrics = async () => {
    for (;;) {
      try {
        return await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      } catch {
        await sleep(200);
      }
    }
  };
  await metrics();
  const started = Date.now();
  await inBatches(namespaces, 50, (namespace) =>
    custom.createNamespacedCustomObject({
      group: "orkestra.orkspace.io",
      version: "v1",
      plural: "komposers",
      namespace,
      body: {
        apiVersion: "orkestra.orkspace.io/v1",
        kind: "Komposer",
        metadata: { name: "platform" },
        imports: { registry: refs },
        spec: { restartToken: "1", interval: "5s" },
      },
    }),
  );
  while ((await countReady(custom)) < n) {
    if (Date.now() - started > 15 * 60_000) throw new Error(`not all ${n} Komposers Ready after 15 minutes`);
    await sleep(500);
  }
  const secondsToReady = (Date.now() - started) / 1000;
  const rssAtReadyMiB = procStatusMiB(operator.pid, "VmRSS");
  await sleep(3_000); // let the last status writes land
  const atReady = await metrics();
  await sleep(STEADY_MS);
  const steady = await metrics();
  const peakRssMiB = procStatusMiB(operator.pid, "VmHWM");
  const rssSteadyMiB = procStatusMiB(operator.pid, "VmRSS");
  if (process.env.BENCH_HEAP_SNAPSHOT) await heapSnapshot(operator.pid, process.env.BENCH_HEAP_SNAPSHOT);
  await stopProcess(operator);

  const writes = (t: string) => metric(t, "komposer_api_writes_total");
  const reconciles = (t: string) => metric(t, "komposer_reconcile_total");
  const fetches = (t: string, result: string) =>
    metric(t, "komposer_registry_fetches_total", `result="${result}"`);
  const mib = (bytes: number) => Math.round(bytes / 104857.6) / 10;
  const heads = (t: string) => metric(t, "komposer_registry_requests_total", 'method="HEAD"');
  const resyncs = reconciles(steady) - reconciles(atReady);
  const steadyWrites = writes(steady) - writes(atReady);
  return {
    komposers: n,
    secondsToReady,
    peakRssMiB,
    heapTotalMiB: mib(metric(steady, "nodejs_heap_size_total_bytes")),
    heapUsedMiB: mib(metric(steady, "nodejs_heap_size_used_bytes")),
    externalMiB: mib(metric(steady, "nodejs_external_memory_bytes")),
    rssAtReadyMiB,
    rssSteadyMiB,
    writesToReady: writes(atReady),
    writesPerKomposer: Math.round((writes(atReady) / n) * 10) / 10,
    apiWritesPerSecond: Math.round(apiWritesPerSecond),
    readyFloorSeconds: Math.round((writes(atReady) / apiWritesPerSecond) * 10) / 10,
    registryFetched: fetches(atReady, "fetched"),
    steadyResyncs: resyncs,
    steadyWrites,
    writesPerResync: resyncs === 0 ? 0 : steadyWrites / resyncs,
    headsPerResync:
      resyncs === 0 ? 0 : (fetches(steady, "unchanged") - fetches(atReady, "unchanged")) / resyncs,
    headRequestsPerResync:
      resyncs === 0 ? 0 : Math.round(((heads(steady) - heads(atReady)) / resyncs) * 100) / 100,
    fetchesInSteadyState: fetches(steady, "fetched") - fetches(atReady, "fetched"),
  };
}

async function main(): Promise<void> {
  const results: Result[] = [];
  for (const n of sizes.length > 0 ? sizes : [1, 100, 1000]) {
    const { env, processes } = await startTestEnv({ controllers: false });
    try {
      const refs = await pushArtifacts(env.registry.host);
      const result = await runOnce(env, n, refs);
      results.push(result);
      process.stderr.write(`${JSON.stringify(result)}\n`);
    } finally {
      await stopAll(processes);
    }
  }
  console.table(results);
  mkdirSync("bench/results", { recursive: true });
  const file = join("bench/results", `operator-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    `${JSON.stringify({ machine: { cpus: (await import("node:os")).cpus().length, node: process.version }, artifacts: ARTIFACTS, steadyStateSeconds: STEADY_MS / 1000, results }, null, 2)}\n`,
  );
  process.stderr.write(`wrote ${file}\n`);
}

await main();
