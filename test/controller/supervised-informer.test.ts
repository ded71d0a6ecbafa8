// The supervised informer against the real API server: it sees creates, updates and deletes, and it recovers
// when its connection is cut. A TCP proxy between the informer and kube-apiserver lets the test kill every
// connection and refuse new ones for a while — the failure that stops a bare client-node informer for good.
import { connect, createServer, type Server, type Socket } from "node:net";
import * as k8s from "@kubernetes/client-node";
import { SupervisedInformer, withoutManagedFields } from "../../src/kube/supervised-informer.js";
import { loadTestEnv } from "../env/state.js";
import { adminKubeConfig, createTestNamespace } from "../support/kube.js";

/** Forwards 127.0.0.1:<port> to the API server; `cut()` drops every connection and stops listening. */
class CuttableProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async listen(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.port = (server.address() as { port: number }).port;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

function kubeConfigVia(port: number): k8s.KubeConfig {
  const kc = adminKubeConfig();
  const cluster = kc.getCurrentCluster()!;
  const proxied = { ...cluster, server: `https://127.0.0.1:${port}` };
  const kc2 = new k8s.KubeConfig();
  kc2.loadFromClusterAndUser(proxied, kc.getCurrentUser()!);
  return kc2;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what: string, condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await sleep(50);
  }
}

describe("SupervisedInformer against kube-apiserver", () => {
  const core = adminKubeConfig().makeApiClient(k8s.CoreV1Api);
  const apiServer = new URL(loadTestEnv().server);

  it("sees created, updated and deleted objects and recovers after its watch is broken", async () => {
    const labels = { test: "informer" };
    const namespace = await createTestNamespace("informer");
    const proxy = new CuttableProxy({ host: apiServer.hostname, port: Number(apiServer.port) });
    await proxy.listen();
    const kc = kubeConfigVia(proxy.port);
    const proxiedCore = kc.makeApiClient(k8s.CoreV1Api);
    const errors: string[] = [];
    const informer = new SupervisedInformer<k8s.V1ConfigMap>({
      name: "configmaps",
      kubeConfig: kc,
      path: `/api/v1/namespaces/${namespace}/configmaps`,
      // The selector keeps out kube-root-ca.crt, which kube-controller-manager adds to every namespace.
      list: () => proxiedCore.listNamespacedConfigMap({ namespace, labelSelector: "test=informer" }),
      labelSelector: "test=informer",
      backoff: { baseMs: 200, maxMs: 1_000 },
      onError: (e) => errors.push(e instanceof Error ? e.message : String(e)),
    });
    const events: string[] = [];
    informer.on("add", (o) => events.push(`add ${o.metadata?.name}`));
    informer.on("update", (o) => events.push(`update ${o.metadata?.name} ${o.data?.v}`));
    informer.on("delete", (o) => events.push(`delete ${o.metadata?.name}`));

    await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: "before", labels }, data: { v: "0" } },
    });
    await informer.start();
    await informer.waitForSync();
    expect(informer.health()).toMatchObject({ synced: true, watching: true });
    expect(informer.getByKey(`${namespace}/before`)?.data).toEqual({ v: "0" });

    try {
      await core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name: "cm", labels }, data: { v: "1" } },
      });
      await core.patchNamespacedConfigMap(
        { namespace, name: "cm", body: { data: { v: "2" } } },
        k8s.setHeaderOptions("Content-Type", k8s.PatchStrategy.MergePatch),
      );
      await core.deleteNamespacedConfigMap({ namespace, name: "before" });
      await waitFor(
        "add, update and delete",
        () => events.includes("delete before") && events.includes("update cm 2"),
      );
      expect(events).toEqual(["add before", "add cm", "update cm 2", "delete before"]);
      expect(informer.getByKey(`${namespace}/before`)).toBeUndefined();

      // Break the watch and refuse reconnects: client-node's informer reports an error and stops.
      await proxy.cut();
      await waitFor("the informer to notice", () => errors.length > 0);
      expect(informer.health().watching).toBe(false);
      await core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name: "during-outage", labels }, data: { v: "3" } },
      });
      // Observed: the supervisor restarted the informer at least once while the proxy refused connections.
      await waitFor("a failed restart", () => informer.health().restarts > 0);
      expect(informer.health().watching).toBe(false);

      await proxy.listen(); // same port: the API server is back
      await waitFor("recovery", () => informer.getByKey(`${namespace}/during-outage`) !== undefined);
      expect(informer.health()).toMatchObject({ synced: true, watching: true });

      await core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name: "after", labels }, data: { v: "4" } },
      });
      await waitFor("events after recovery", () => events.includes("add after"));
      expect(
        informer
          .list(namespace)
          .map((o) => o.metadata?.name)
          .sort(),
      ).toEqual(["after", "cm", "during-outage"]);
    } finally {
      await informer.stop();
      await proxy.cut();
    }
  });

  it("keeps objects from the list and from the watch without managedFields when asked to trim", async () => {
    const labels = { test: "trim" };
    const namespace = await createTestNamespace("informer-trim");
    const kc = adminKubeConfig();
    const informer = new SupervisedInformer<k8s.V1ConfigMap>({
      name: "configmaps",
      kubeConfig: kc,
      path: `/api/v1/namespaces/${namespace}/configmaps`,
      list: () => core.listNamespacedConfigMap({ namespace, labelSelector: "test=trim" }),
      labelSelector: "test=trim",
      trim: withoutManagedFields,
    });
    const listed = await core.createNamespacedConfigMap({
      namespace,
      body: { metadata: { name: "listed", labels }, data: { v: "0" } },
    });
    // The API server does keep them: without the trim the cache would hold them too.
    expect(listed.metadata?.managedFields?.length).toBeGreaterThan(0);
    await informer.start();
    await informer.waitForSync();
    try {
      await core.createNamespacedConfigMap({
        namespace,
        body: { metadata: { name: "watched", labels }, data: { v: "1" } },
      });
      await waitFor("the watched object", () => informer.getByKey(`${namespace}/watched`) !== undefined);
      for (const name of ["listed", "watched"]) {
        const cached = informer.getByKey(`${namespace}/${name}`);
        expect(cached?.metadata?.labels).toEqual(labels);
        expect(cached?.metadata?.managedFields).toBeUndefined();
      }
    } finally {
      await informer.stop();
    }
  });
});
