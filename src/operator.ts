// Composition root of the Komposer operator (`node dist/operator.js`): the only place besides
// src/cli/main.ts that reads flags and the environment. It wires the kube client, registry access, metrics,
// the health server and the Manager, and turns SIGTERM/SIGINT into a graceful stop (workers finish their
// reconcile, the Lease is released so a standby takes over at once).
import { createRequire } from "node:module";
import { hostname } from "node:os";
import { createApiWriteCounter, countingEventSink, CountingKubeClient } from "./controller/api-writes.js";
import { HealthServer } from "./controller/health-server.js";
import { ArtifactCache } from "./controller/komposer/artifact-cache.js";
import { CompositionMemo } from "./controller/komposer/composition-memo.js";
import { SharedTagHeads } from "./controller/komposer/shared-tag-heads.js";
import { createLogger, type Logger } from "./controller/logger.js";
import { Manager } from "./controller/manager.js";
import { ControllerMetrics } from "./controller/metrics.js";
import { OPERATOR_HELP, parseOperatorArgs, type OperatorConfig } from "./controller/operator-config.js";
import { systemClock } from "./controller/clock.js";
import { isKomposerError } from "./core/errors.js";
import { parseAllowList } from "./core/registry-allow-list.js";
import { coreV1EventSink, EventRecorder } from "./kube/events.js";
import { loadKubeConfig } from "./kube/kubeconfig.js";
import {
  createArtifactFetcher,
  createDockerCredentialStore,
  createMemoryCache,
  type Mirrors,
} from "./oci/index.js";

const VERSION = (createRequire(import.meta.url)("../package.json") as { version: string }).version;

function splitAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  const port = Number(address.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--health-address must be HOST:PORT, got ${address}`);
  return { host: address.slice(0, colon) || "0.0.0.0", port };
}

/** Registries named by --plain-http-registries are "mirrored" to themselves over plain HTTP. */
function plainHttpMirrors(hosts: readonly string[]): Mirrors {
  return new Map(
    hosts.map((host) => [
      host.toLowerCase(),
      { kind: "registry", host, repositoryPrefix: "", plainHttp: true },
    ]),
  );
}

function buildManager(config: OperatorConfig, log: Logger, metrics: ControllerMetrics): Manager {
  const env = process.env;
  const kubeConfig = loadKubeConfig(
    config.kubeconfig ? { kind: "file", path: config.kubeconfig } : { kind: "default" },
  );
  const countWrite = createApiWriteCounter(metrics.registry);
  const client = new CountingKubeClient(kubeConfig, countWrite);
  const events = new EventRecorder({
    sink: countingEventSink(coreV1EventSink(kubeConfig), countWrite),
    component: "komposer-operator",
    instance: config.identity,
    onError: (error) => log.warn({ err: error }, "Failed to record event"),
  });
  const mirrors = plainHttpMirrors(config.plainHttpRegistries);
  const allowedRegistries = parseAllowList(config.allowedRegistries);
  const operatorCredentials = config.registryConfig
    ? createDockerCredentialStore({ registryConfig: config.registryConfig, env })
    : undefined;
  // Blobs by digest, shared by every reconcile's fetcher; manifests are still fetched with each namespace's
  // credentials, which proves its access (docs/decisions/0011).
  const blobCache = createMemoryCache({ maxBytes: 64 * 1024 * 1024 });
  return new Manager({
    kubeConfig,
    log,
    metrics,
    workers: config.workers,
    ...(config.namespace ? { namespace: config.namespace } : {}),
    deps: {
      client,
      events,
      log: log.child({ controller: "komposer" }),
      clock: systemClock,
      cache: new ArtifactCache(),
      compositions: new CompositionMemo(),
      sharedHeads: new SharedTagHeads(systemClock),
      recordFetch: metrics.recordRegistryFetch,
      createFetcher: (credentials) =>
        createArtifactFetcher({
          env,
          credentials,
          mirrors,
          userAgent: `komposer-operator/${VERSION}`,
          cache: blobCache,
          cacheManifests: false,
          onRequest: metrics.recordRegistryRequest,
          // Every connection, not only the first request: token realms and redirects are held to the list too.
          allowedRegistries,
        }),
      ...(operatorCredentials ? { operatorCredentials } : {}),
      allowedRegistries: config.allowedRegistries,
      ...(config.rbacCeiling ? { rbacCeiling: config.rbacCeiling } : {}),
    },
    ...(config.leaderElect
      ? {
          leaderElection: {
            namespace: config.leaderElectionNamespace,
            name: config.leaderElectionId,
            identity: `${config.identity === "komposer-operator" ? hostname() : config.identity}_${process.pid}`,
          },
        }
      : {}),
  });
}

async function run(config: OperatorConfig): Promise<number> {
  const log = createLogger({ level: config.logLevel });
  const metrics = new ControllerMetrics({ defaultMetrics: true });
  const manager = buildManager(config, log, metrics);
  const health = new HealthServer({ readyChecks: manager.readyChecks(), metrics });
  const { host, port } = splitAddress(config.healthAddress);
  const bound = await health.listen(port, host);
  log.info(
    { version: VERSION, health: `${host}:${bound}`, namespace: config.namespace ?? "(all)" },
    "Started operator",
  );
  const shutdown = new AbortController();
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      log.info({ signal }, "Shutting down");
      shutdown.abort();
    });
  }
  const exit = await manager.run(shutdown.signal);
  await health.close();
  log.info({ exit }, "Stopped operator");
  // A replica that lost its lease may hold stale caches: exit non-zero so it restarts clean.
  return exit === "lost-leadership" ? 1 : 0;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseOperatorArgs(process.argv.slice(2), process.env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = isKomposerError(error) ? 2 : 70;
    return;
  }
  if (parsed.kind === "help") {
    process.stdout.write(OPERATOR_HELP);
    return;
  }
  if (parsed.kind === "version") {
    process.stdout.write(`${VERSION}\n`);
    return;
  }
  try {
    // Lingering sockets (keep-alive, an aborted watch) must not keep a stopped operator alive.
    process.exit(await run(parsed.config));
  } catch (error) {
    process.stderr.write(
      `komposer operator failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  }
}

await main();
