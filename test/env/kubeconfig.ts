import { writeFileSync } from "node:fs";
import type { ClientCert } from "./pki.js";

export interface KubeconfigOptions {
  server: string;
  caCert: string;
  client: ClientCert;
  user?: string;
  namespace?: string;
}

/** Writes a kubeconfig that points at the test API server with a client certificate. */
export function writeKubeconfig(file: string, options: KubeconfigOptions): string {
  const user = options.user ?? "admin";
  const context = {
    cluster: "komposer-test",
    user,
    ...(options.namespace ? { namespace: options.namespace } : {}),
  };
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      { name: "komposer-test", cluster: { server: options.server, "certificate-authority": options.caCert } },
    ],
    users: [
      { name: user, user: { "client-certificate": options.client.cert, "client-key": options.client.key } },
    ],
    contexts: [{ name: "komposer-test", context }],
    "current-context": "komposer-test",
  };
  // JSON is valid YAML, and every kubeconfig reader accepts it.
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}
