// The operator's settings, from flags with environment fallbacks (KOMPOSER_<FLAG>). Parsing is pure: the
// composition root (src/operator.ts) hands in argv and env, so this is the one place that knows flag names.
import { parseArgs } from "node:util";
import { UsageError } from "../core/errors.js";
import { parseAllowList } from "../core/registry-allow-list.js";

export interface OperatorConfig {
  kubeconfig?: string;
  /** Watch only this namespace (empty: all namespaces). */
  namespace?: string;
  workers: number;
  /** Host or host/path prefixes imports may use; empty: any registry. */
  allowedRegistries: string[];
  /** A ClusterRole whose rules bound what a Komposer may generate. */
  rbacCeiling?: string;
  leaderElect: boolean;
  leaderElectionNamespace: string;
  leaderElectionId: string;
  /** Host:port of /healthz, /readyz and /metrics. */
  healthAddress: string;
  logLevel: "debug" | "info" | "warn" | "error";
  /** The operator's own docker config for registries no pull secret covers. */
  registryConfig?: string;
  /** Registries reached over plain HTTP besides loopback ones. */
  plainHttpRegistries: string[];
  /** Identity for leader election and events: the pod name in a cluster. */
  identity: string;
}

export const OPERATOR_HELP = `Usage: node dist/operator.js [flags]

Reconciles Komposer resources into Orkestra runtime bundles. Every flag can also be set with an environment
variable KOMPOSER_<FLAG> (upper case, dashes as underscores), e.g. KOMPOSER_WORKERS=4.

  --kubeconfig PATH                 kubeconfig to use (default: in-cluster, then $KUBECONFIG)
  --namespace NS                    watch only this namespace (default: all)
  --workers N                       concurrent reconciles (default 16)
  --allowed-registries LIST         comma-separated host[:port][/path] prefixes imports may use; token
                                    realms and redirects may only reach these hosts (default: any)
  --rbac-ceiling CLUSTERROLE        generated RBAC must be a subset of this ClusterRole's rules
  --leader-elect                    elect a leader on a Lease (use with more than one replica)
  --leader-election-namespace NS    namespace of the Lease (default: $POD_NAMESPACE or orkestra-system)
  --leader-election-id NAME         name of the Lease (default komposer-operator)
  --health-address HOST:PORT        /healthz /readyz /metrics (default 0.0.0.0:8081)
  --log-level LEVEL                 debug, info, warn or error (default info)
  --registry-config FILE            docker config.json with the operator's own registry credentials
  --plain-http-registries LIST      registries to reach over plain HTTP (loopback ones always are)
  -h, --help                        print this help
  -v, --version                     print the version
`;

const options = {
  kubeconfig: { type: "string" },
  namespace: { type: "string" },
  workers: { type: "string" },
  "allowed-registries": { type: "string" },
  "rbac-ceiling": { type: "string" },
  "leader-elect": { type: "boolean" },
  "leader-election-namespace": { type: "string" },
  "leader-election-id": { type: "string" },
  "health-address": { type: "string" },
  "log-level": { type: "string" },
  "registry-config": { type: "string" },
  "plain-http-registries": { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "v" },
} as const;

type Flag = keyof typeof options;

export type ParsedOperatorArgs =
  { kind: "help" } | { kind: "version" } | { kind: "run"; config: OperatorConfig };

const list = (value: string | undefined): string[] =>
  (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);

export function parseOperatorArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedOperatorArgs {
  let values: Partial<Record<Flag, string | boolean>>;
  try {
    values = parseArgs({ args: [...argv], options, allowPositionals: false, strict: true }).values;
  } catch (error) {
    throw new UsageError(`${error instanceof Error ? error.message : String(error)}; see --help`);
  }
  if (values.help) return { kind: "help" };
  if (values.version) return { kind: "version" };
  const { str, bool } = flagReader(values, env);
  const config: OperatorConfig = {
    workers: parseWorkers(str("workers")),
    allowedRegistries: list(str("allowed-registries")),
    leaderElect: bool("leader-elect"),
    leaderElectionNamespace: str("leader-election-namespace") ?? env.POD_NAMESPACE ?? "orkestra-system",
    leaderElectionId: str("leader-election-id") ?? "komposer-operator",
    healthAddress: str("health-address") ?? "0.0.0.0:8081",
    logLevel: parseLogLevel(str("log-level")),
    plainHttpRegistries: list(str("plain-http-registries")),
    identity: env.POD_NAME ?? env.HOSTNAME ?? "komposer-operator",
  };
  const optional = {
    kubeconfig: str("kubeconfig"),
    namespace: str("namespace"),
    rbacCeiling: str("rbac-ceiling"),
    registryConfig: str("registry-config"),
  };
  for (const [key, value] of Object.entries(optional))
    if (value !== undefined) Object.assign(config, { [key]: value });
  // Parsed here so a malformed entry stops the operator at start-up, naming the flag and the entry.
  config.allowedRegistries = [...parseAllowList(config.allowedRegistries).entries];
  return { kind: "run", config };
}

/** A flag's value, else its KOMPOSER_<FLAG> environment variable (flags win: they are the more explicit). */
function flagReader(
  values: Partial<Record<Flag, string | boolean>>,
  env: Readonly<Record<string, string | undefined>>,
): { str: (flag: Flag) => string | undefined; bool: (flag: Flag) => boolean } {
  const str = (flag: Flag): string | undefined => {
    const v = values[flag];
    if (typeof v === "string") return v;
    return env[`KOMPOSER_${flag.toUpperCase().replace(/-/g, "_")}`] || undefined;
  };
  const bool = (flag: Flag): boolean => values[flag] === true || /^(1|true|yes)$/i.test(str(flag) ?? "");
  return { str, bool };
}

function parseWorkers(value: string | undefined): number {
  // 16: a reconcile mostly waits on the API server and registries, so workers are cheap; with 4, a thousand
  // Komposers took minutes to become Ready and steady-state resyncs queued behind each other (decision 0013).
  const workers = Number(value ?? "16");
  if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
    throw new UsageError(`--workers must be a whole number from 1 to 64, got ${value}`);
  }
  return workers;
}

const LOG_LEVELS: readonly OperatorConfig["logLevel"][] = ["debug", "info", "warn", "error"];

function parseLogLevel(value: string | undefined): OperatorConfig["logLevel"] {
  const level = LOG_LEVELS.find((l) => l === (value ?? "info"));
  if (level === undefined) {
    throw new UsageError(`--log-level must be debug, info, warn or error, got ${value}`);
  }
  return level;
}
