// Quality signals (docs/reference/resolution.md#quality-signals): what an artifact's manifest annotations say
// about it, so users can judge an import before using it (`ork inspect`) and the operator can keep it visible
// (`status.resolved[].signals`). Pure. Also builds the annotations `ork push` writes, so reading and writing
// share one set of keys.

export const Annotation = {
  title: "org.opencontainers.image.title",
  created: "org.opencontainers.image.created",
  refName: "org.opencontainers.image.ref.name",
  patternPrefix: "io.orkestra.pattern.",
  e2ePrefix: "io.orkestra.e2e.",
  simulatePrefix: "io.orkestra.simulate.",
  deprecated: "io.orkestra.katalog.deprecated",
} as const;

export interface TestSignal {
  /** As recorded by the publisher, e.g. `passed`, `failed`. */
  status: string;
  duration?: string;
  testedAt?: string;
  runner?: string;
  assertions?: number;
}

export interface DeprecationSignal {
  deprecated: boolean;
  migratedTo?: string;
  message?: string;
}

export interface PatternSignal {
  kind?: string;
  name?: string;
  version?: string;
  author?: string;
  license?: string;
  tags: string[];
}

/** `org.opencontainers.image.*` annotations, keyed by the part after the prefix, camel-cased. */
export interface ImageSignal {
  created?: string;
  title?: string;
  description?: string;
  version?: string;
  authors?: string;
  licenses?: string;
  source?: string;
  revision?: string;
  url?: string;
  documentation?: string;
  vendor?: string;
  [key: string]: string | undefined;
}

export interface QualitySignals {
  e2e?: TestSignal;
  simulate?: TestSignal;
  deprecated?: DeprecationSignal;
  pattern: PatternSignal;
  image: ImageSignal;
}

export function parseQualitySignals(annotations: Readonly<Record<string, string>>): QualitySignals {
  const get = (key: string): string | undefined => {
    const value = annotations[key]?.trim();
    return value ? value : undefined;
  };
  const signals: QualitySignals = { pattern: parsePattern(get), image: parseImage(annotations) };
  const e2e = parseTest(get, Annotation.e2ePrefix);
  if (e2e) signals.e2e = e2e;
  const simulate = parseTest(get, Annotation.simulatePrefix);
  if (simulate) signals.simulate = simulate;
  const deprecated = parseDeprecation(get);
  if (deprecated) signals.deprecated = deprecated;
  return signals;
}

type Getter = (key: string) => string | undefined;

function parseTest(get: Getter, prefix: string): TestSignal | undefined {
  const status = get(`${prefix}status`);
  if (status === undefined) return undefined;
  const signal: TestSignal = { status };
  assign(signal, "duration", get(`${prefix}duration`));
  assign(signal, "testedAt", get(`${prefix}tested_at`));
  assign(signal, "runner", get(`${prefix}runner`));
  const assertions = get(`${prefix}assertions`);
  if (assertions !== undefined && /^\d+$/.test(assertions)) signal.assertions = Number(assertions);
  return signal;
}

function parseDeprecation(get: Getter): DeprecationSignal | undefined {
  const flag = get(Annotation.deprecated);
  // The spec names the keys io.orkestra.katalog.{migrated_to,message}; upstream writes them under
  // io.orkestra.katalog.deprecated.*. Read both so either publisher's artifacts show their migration hint.
  const migratedTo = get("io.orkestra.katalog.migrated_to") ?? get(`${Annotation.deprecated}.migrated_to`);
  const message = get("io.orkestra.katalog.message") ?? get(`${Annotation.deprecated}.message`);
  if (flag === undefined && migratedTo === undefined) return undefined;
  const signal: DeprecationSignal = { deprecated: flag === undefined ? true : /^(true|yes|1)$/i.test(flag) };
  assign(signal, "migratedTo", migratedTo);
  assign(signal, "message", message);
  return signal;
}

function parsePattern(get: Getter): PatternSignal {
  const p = (field: string) => get(`${Annotation.patternPrefix}${field}`);
  const pattern: PatternSignal = { tags: splitTags(p("tags")) };
  assign(pattern, "kind", p("kind"));
  assign(pattern, "name", p("name"));
  assign(pattern, "version", p("version"));
  assign(pattern, "author", p("author"));
  assign(pattern, "license", p("license"));
  return pattern;
}

function parseImage(annotations: Readonly<Record<string, string>>): ImageSignal {
  const image: ImageSignal = {};
  const prefix = "org.opencontainers.image.";
  for (const [key, value] of Object.entries(annotations)) {
    if (!key.startsWith(prefix) || key === Annotation.refName || value.trim() === "") continue;
    const name = key.slice(prefix.length).replace(/[._-]([a-z])/g, (_, c: string) => c.toUpperCase());
    image[name] = value.trim();
  }
  return image;
}

function splitTags(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((t) => t.trim())
    .filter((t) => t !== "");
}

function assign<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

/** What `ork push` knows about the pattern it publishes (from katalog.yaml / komposer.yaml metadata). */
export interface PatternMetadata {
  kind?: string;
  name?: string;
  version?: string;
  description?: string;
  author?: string;
  license?: string;
  tags?: readonly string[];
}

/**
 * Manifest annotations for a pushed pattern, as upstream `ork push` writes them. `created` is passed in
 * (RFC 3339) because the core does not read the clock.
 */
export function annotationsForPattern(meta: PatternMetadata, created: string): Record<string, string> {
  const out: Record<string, string> = { [Annotation.created]: created };
  const put = (key: string, value: string | undefined) => {
    if (value !== undefined && value !== "") out[key] = value;
  };
  put(`${Annotation.patternPrefix}kind`, meta.kind);
  put(`${Annotation.patternPrefix}name`, meta.name);
  put(`${Annotation.patternPrefix}version`, meta.version);
  put(`${Annotation.patternPrefix}author`, meta.author);
  put(`${Annotation.patternPrefix}license`, meta.license);
  put(
    `${Annotation.patternPrefix}tags`,
    meta.tags
      ?.map((t) => t.trim())
      .filter((t) => t !== "")
      .join(","),
  );
  put("org.opencontainers.image.title", meta.name);
  put("org.opencontainers.image.version", meta.version);
  put("org.opencontainers.image.description", meta.description);
  put("org.opencontainers.image.authors", meta.author);
  put("org.opencontainers.image.licenses", meta.license);
  return out;
}
