// The running test environment as the tests see it. test/env/global-setup.ts starts the components and
// writes this JSON to the file named by KOMPOSER_TESTENV_STATE; tests call `loadTestEnv()`.
import { readFileSync } from "node:fs";

export interface RegistryEndpoint {
  /** `127.0.0.1:<port>`: use as the registry host in references (plain HTTP, loopback). */
  host: string;
  /** The registry's filesystem storage root (tests may tamper with blobs here). */
  storageDir: string;
}

export interface AuthRegistryEndpoint extends RegistryEndpoint {
  username: string;
  password: string;
}

export interface TestEnv {
  /** Admin kubeconfig (client cert in system:masters). */
  kubeconfig: string;
  /** `https://127.0.0.1:<port>` */
  server: string;
  /** PEM files of the control plane, for tests that mint restricted users. */
  pki: { caCert: string; caKey: string; dir: string };
  /** Whether kube-controller-manager, kube-scheduler and kwok (with fake Nodes) run: Deployments roll out. */
  controllers: boolean;
  registry: RegistryEndpoint;
  authRegistry: AuthRegistryEndpoint;
  bin: {
    kubectl: string;
    oras: string;
    helm: string;
    etcd: string;
    kwok: string;
    kubeApiserver: string;
    dockerRegistry: string;
  };
  /** Scratch directory for this run, removed at teardown. */
  workDir: string;
}

export const STATE_ENV = "KOMPOSER_TESTENV_STATE";

export function loadTestEnv(): TestEnv {
  const file = process.env[STATE_ENV];
  if (!file) {
    throw new Error(
      `${STATE_ENV} is not set: run integration tests through jest (npm test) or start the environment with npm run env -- up`,
    );
  }
  return JSON.parse(readFileSync(file, "utf8")) as TestEnv;
}
