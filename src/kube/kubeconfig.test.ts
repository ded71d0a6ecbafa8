import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadKubeConfig } from "./kubeconfig.js";

type CreateDispatcher = (cluster: unknown, options: Record<string, unknown>) => unknown;

describe("loadKubeConfig", () => {
  it("reuses one connection pool per TLS configuration instead of one per request", () => {
    const file = join(mkdtempSync(join(tmpdir(), "kubeconfig-")), "config");
    writeFileSync(
      file,
      JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: "c", cluster: { server: "https://127.0.0.1:6443" } }],
        users: [{ name: "u", user: { token: "t" } }],
        contexts: [{ name: "x", context: { cluster: "c", user: "u" } }],
        "current-context": "x",
      }),
    );
    const kc = loadKubeConfig({ kind: "file", path: file });
    const create = (kc as unknown as { createDispatcher: CreateDispatcher }).createDispatcher.bind(kc);
    const cluster = kc.getCurrentCluster();
    const first = create(cluster, { ca: Buffer.from("ca-1"), rejectUnauthorized: true });
    expect(first).toBeDefined();
    expect(create(cluster, { ca: Buffer.from("ca-1"), rejectUnauthorized: true })).toBe(first);
    // A rotated certificate is another configuration: another pool.
    expect(create(cluster, { ca: Buffer.from("ca-2"), rejectUnauthorized: true })).not.toBe(first);
  });
});
