// Small builders for Katalog and Komposer YAML, shared by the core's tests and usable by golden-test
// generators. They write the upstream format; nothing here is used at runtime.
import { stringify } from "yaml";
import { API_VERSION } from "../../src/api/common.js";
import type { CrdEntry } from "../../src/api/crd-entry.js";
import type { EffectiveCrd } from "../../src/api/effective.js";

export function apiTypesFor(key: string, group = "apps.example.io"): Record<string, string> {
  const kind = key.replace(/(^|-)([a-z0-9])/g, (_, __, c: string) => c.toUpperCase());
  return { group, version: "v1", kind, plural: key.endsWith("s") ? `${key}es` : `${key}s` };
}

/** A katalog.yaml with one complete entry per key (`extra` merged into each entry). */
export function katalogYaml(
  name: string,
  keys: readonly string[],
  options: { version?: string; extra?: Record<string, unknown>; top?: Record<string, unknown> } = {},
): string {
  const crds = Object.fromEntries(
    keys.map((key) => [key, { apiTypes: apiTypesFor(key), workers: 2, ...options.extra }]),
  );
  return stringify({
    apiVersion: API_VERSION,
    kind: "Katalog",
    metadata: { name, ...(options.version === undefined ? {} : { version: options.version }) },
    spec: { crds },
    ...options.top,
  });
}

export function komposerYaml(
  name: string,
  options: {
    registry?: unknown[];
    files?: string[];
    crds?: Record<string, unknown>;
    top?: Record<string, unknown>;
  } = {},
): string {
  const imports: Record<string, unknown> = {};
  if (options.registry) imports.registry = options.registry;
  if (options.files) imports.files = options.files;
  return stringify({
    apiVersion: API_VERSION,
    kind: "Komposer",
    metadata: { name, version: "1.0.0" },
    ...(Object.keys(imports).length > 0 ? { imports } : {}),
    ...(options.crds ? { spec: { crds: options.crds } } : {}),
    ...options.top,
  });
}

/** A composed CRD entry (newest layout), as composition hands it to rendering and RBAC derivation. */
export function effectiveCrd(key: string, entry: Record<string, unknown> = {}): EffectiveCrd {
  return {
    key,
    entry: { apiTypes: apiTypesFor(key), ...entry } as unknown as CrdEntry,
    written: [3],
    moves: [],
    source: { katalogName: key, katalogNamespace: "default", origin: `oci://r.io/${key}:v1`, identity: key },
    via: [key],
  };
}

/**
 * A Komposer's text with `spec.runtime.version` on line 7 when given, and `extraSpec` lines (indented two
 * spaces, e.g. a `crds:` block) after it: tests that assert line numbers depend on this exact layout.
 */
export function komposerWithRuntime(version?: string, extraSpec: readonly string[] = []): string {
  return [
    `apiVersion: ${API_VERSION}`,
    "kind: Komposer",
    "metadata: {name: k}",
    "spec:",
    "  restartToken: '1'",
    ...(version === undefined ? [] : ["  runtime:", `    version: "${version}"`]),
    ...extraSpec,
    "",
  ].join("\n");
}
