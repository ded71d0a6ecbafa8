// Acting as a ServiceAccount against the test API server, to prove least privilege with the real RBAC
// authorizer. Two ways, for two purposes:
//  - `canI` asks through the admin's impersonation (`kubectl auth can-i --as=system:serviceaccount:…`): fast,
//    one SubjectAccessReview per question, no token needed.
//  - `serviceAccountKubeconfig` mints a real bound token with the TokenRequest API (`kubectl create token`;
//    the test API server has service-account signing keys) and writes a kubeconfig that authenticates as
//    the ServiceAccount itself: what a process (e.g. the operator) run with exactly that identity uses.
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { loadTestEnv, type TestEnv } from "../env/state.js";
import { kubectl } from "./kube.js";

const execFileAsync = promisify(execFile);

export interface ServiceAccountRef {
  namespace: string;
  name: string;
}

/** The RBAC user name of a ServiceAccount. */
export function serviceAccountUser(sa: ServiceAccountRef): string {
  return `system:serviceaccount:${sa.namespace}:${sa.name}`;
}

export interface AccessQuestion {
  verb: string;
  /** `resource`, `resource.group` or `resource/subresource` as kubectl accepts it. */
  resource: string;
  /** Namespace to ask about; omit with `allNamespaces` or for cluster-scoped resources. */
  namespace?: string;
  /** Ask about every namespace at once (a cluster-wide grant). */
  allNamespaces?: boolean;
  /** Ask about one object by name (resourceNames). */
  name?: string;
  subresource?: string;
}

export function describeQuestion(q: AccessQuestion): string {
  const where = q.allNamespaces ? " in all namespaces" : q.namespace ? ` in ${q.namespace}` : "";
  const sub = q.subresource ? `/${q.subresource}` : "";
  const name = q.name ? ` ${q.name}` : "";
  return `${q.verb} ${q.resource}${sub}${name}${where}`;
}

function canIArgs(q: AccessQuestion): string[] {
  const resource = q.name ? `${q.resource}/${q.name}` : q.resource;
  const args = ["auth", "can-i", q.verb, resource];
  if (q.subresource) args.push(`--subresource=${q.subresource}`);
  if (q.allNamespaces) args.push("--all-namespaces");
  else if (q.namespace) args.push("-n", q.namespace);
  return args;
}

/**
 * The authorizer's answer for `user` (impersonated by the admin). `kubectl auth can-i` prints yes/no and exits
 * 1 on "no"; anything else (an unknown resource, a dead server) is an error, never a "no".
 */
export async function canI(user: string, q: AccessQuestion, env: TestEnv = loadTestEnv()): Promise<boolean> {
  try {
    const { stdout } = await execFileAsync(env.bin.kubectl, [
      "--kubeconfig",
      env.kubeconfig,
      ...canIArgs(q),
      `--as=${user}`,
    ]);
    return stdout.trim() === "yes";
  } catch (error: unknown) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (e.code === 1 && e.stdout?.trim().startsWith("no")) return false;
    throw new Error(`kubectl auth can-i ${describeQuestion(q)} failed: ${e.stderr ?? String(error)}`);
  }
}

/** Asks as the owner of `kubeconfig` itself (SelfSubjectAccessReview), e.g. with a ServiceAccount token. */
export async function canIWith(
  kubeconfig: string,
  q: AccessQuestion,
  env: TestEnv = loadTestEnv(),
): Promise<boolean> {
  try {
    const { stdout } = await execFileAsync(env.bin.kubectl, ["--kubeconfig", kubeconfig, ...canIArgs(q)]);
    return stdout.trim() === "yes";
  } catch (error: unknown) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    if (e.code === 1 && e.stdout?.trim().startsWith("no")) return false;
    throw new Error(`kubectl auth can-i ${describeQuestion(q)} failed: ${e.stderr ?? String(error)}`);
  }
}

export interface TokenKubeconfigOptions {
  /** Token lifetime; the API server may shorten it. Default 1h. */
  duration?: string;
  /** Default namespace of the kubeconfig's context; defaults to the ServiceAccount's namespace. */
  namespace?: string;
  /** Where to write the file; a fresh temp dir under the run's workDir by default. */
  file?: string;
}

/**
 * Writes a kubeconfig that authenticates as the ServiceAccount with a token from the TokenRequest API. The
 * ServiceAccount must exist. The token is written to a 0600 file and never printed.
 */
export async function serviceAccountKubeconfig(
  sa: ServiceAccountRef,
  options: TokenKubeconfigOptions = {},
): Promise<string> {
  const env = loadTestEnv();
  const token = (
    await kubectl(["create", "token", sa.name, "-n", sa.namespace, `--duration=${options.duration ?? "1h"}`])
  ).trim();
  if (!token) throw new Error(`kubectl create token ${sa.name} -n ${sa.namespace} returned no token`);
  const file = options.file ?? join(mkdtempSync(join(env.workDir, "sa-kubeconfig-")), "kubeconfig");
  const user = serviceAccountUser(sa);
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [
      { name: "komposer-test", cluster: { server: env.server, "certificate-authority": env.pki.caCert } },
    ],
    users: [{ name: user, user: { token } }],
    contexts: [
      {
        name: "komposer-test",
        context: { cluster: "komposer-test", user, namespace: options.namespace ?? sa.namespace },
      },
    ],
    "current-context": "komposer-test",
  };
  writeFileSync(file, JSON.stringify(config, null, 2), { mode: 0o600 });
  return file;
}
