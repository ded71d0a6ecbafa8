// The operator-only settings of a Komposer (docs/reference/operator.md#spec-fields), read leniently with
// their defaults. The full zod validation happens in composeBundle; these are needed even when it fails
// (which Deployment to look at, when to re-check), so a bad value falls back to the default instead of
// blocking the status report.
import {
  DEFAULT_INTERVAL,
  DEFAULT_REVISION_HISTORY_LIMIT,
  DEFAULT_RUNTIME_DEPLOYMENT,
} from "../../api/komposer.js";
import type { KomposerObject } from "./komposer-object.js";

export interface KomposerSettings {
  runtimeDeployment: string;
  intervalMs: number;
  revisionHistoryLimit: number;
  restartToken?: string;
  suspend: boolean;
  /**
   * Secret names only: a namespace written next to a name is ignored on purpose
   * (docs/reference/operator.md#security).
   */
  pullSecrets: string[];
}

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  ms: 1,
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
};

/** Go `time.ParseDuration` (unsigned) in milliseconds; `undefined` when it is not one. */
export function parseGoDuration(text: string): number | undefined {
  const part = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;
  let total = 0;
  let index = 0;
  while (index < text.length) {
    part.lastIndex = index;
    const match = part.exec(text);
    if (!match) return undefined;
    total += Number(match[1]) * (UNIT_MS[match[2] ?? ""] ?? 0);
    index = part.lastIndex;
  }
  return index === 0 ? undefined : total;
}

export function readSettings(komposer: KomposerObject): KomposerSettings {
  const spec = komposer.spec ?? {};
  const runtime = record(spec.runtime);
  const deployment = typeof runtime.deployment === "string" && runtime.deployment ? runtime.deployment : "";
  const interval =
    (typeof spec.interval === "string" ? parseGoDuration(spec.interval) : undefined) ??
    parseGoDuration(DEFAULT_INTERVAL) ??
    600_000;
  const limit = spec.revisionHistoryLimit;
  const settings: KomposerSettings = {
    runtimeDeployment: deployment || DEFAULT_RUNTIME_DEPLOYMENT,
    // A zero interval would spin; one second is the floor.
    intervalMs: Math.max(1_000, interval),
    revisionHistoryLimit:
      typeof limit === "number" && Number.isInteger(limit) && limit >= 1 && limit <= 100
        ? limit
        : DEFAULT_REVISION_HISTORY_LIMIT,
    suspend: spec.suspend === true,
    pullSecrets: pullSecretNames(spec.pullSecrets),
  };
  if (typeof spec.restartToken === "string") settings.restartToken = spec.restartToken;
  return settings;
}

function pullSecretNames(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((item) => record(item).name)
    .filter((name): name is string => typeof name === "string" && name.length > 0);
}

function record(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}
