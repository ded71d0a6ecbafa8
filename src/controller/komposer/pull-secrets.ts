// Registry credentials for one Komposer: its spec.pullSecrets, read from the Komposer's OWN namespace only (a
// Komposer in A naming a Secret in B must not make the operator read B's credentials:
// docs/reference/operator.md#security), then the operator's own docker config. Contents never reach logs,
// events or status.
import { RegistryError } from "../../core/errors.js";
import type { KubeClient } from "../../kube/client.js";
import { credentialStoreFromConfigs, type CredentialStore, type DockerConfigFile } from "../../oci/index.js";

const DOCKER_CONFIG_JSON_TYPE = "kubernetes.io/dockerconfigjson";
const DOCKER_CONFIG_JSON_KEY = ".dockerconfigjson";

interface SecretObject {
  apiVersion: string;
  kind: string;
  type?: string;
  data?: Record<string, string>;
}

export async function loadPullSecretCredentials(options: {
  client: KubeClient;
  namespace: string;
  names: readonly string[];
  fallback?: CredentialStore;
}): Promise<CredentialStore> {
  const configs: DockerConfigFile[] = [];
  for (const name of options.names)
    configs.push(await readPullSecret(options.client, options.namespace, name));
  return credentialStoreFromConfigs(configs, options.fallback);
}

async function readPullSecret(
  client: KubeClient,
  namespace: string,
  name: string,
): Promise<DockerConfigFile> {
  const where = `spec.pullSecrets: Secret ${namespace}/${name}`;
  const secret = await client.get<SecretObject>({ apiVersion: "v1", kind: "Secret", namespace, name });
  // Transient: creating the Secret later fixes it without a spec change.
  if (!secret) {
    throw new RegistryError(
      "Unauthorized",
      `${where} not found; pull secrets are read from the Komposer's own namespace only`,
      { transient: true },
    );
  }
  const encoded = secret.data?.[DOCKER_CONFIG_JSON_KEY];
  if (secret.type !== DOCKER_CONFIG_JSON_TYPE || encoded === undefined) {
    throw new RegistryError(
      "Unauthorized",
      `${where} is not of type ${DOCKER_CONFIG_JSON_TYPE} with key ${DOCKER_CONFIG_JSON_KEY}; ` +
        "create it with kubectl create secret docker-registry",
    );
  }
  try {
    const parsed: unknown = JSON.parse(Buffer.from(encoded, "base64").toString("utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed))
      throw new Error("not an object");
    return parsed;
  } catch {
    throw new RegistryError(
      "Unauthorized",
      `${where}: ${DOCKER_CONFIG_JSON_KEY} is not a docker config JSON object`,
    );
  }
}
