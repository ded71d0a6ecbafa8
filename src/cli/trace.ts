// `--trace`: where a composition's time went, one line on stderr per phase (issue 11). Resolution and
// composition overlap (each artifact is parsed as it arrives), so "resolve" runs from the first request to the
// last artifact's arrival and "compose" is what follows it: the part no network could shorten.
import { performance } from "node:perf_hooks";
import type { ArtifactFetcher } from "../core/artifact.js";
import type { RequestHook } from "../oci/metrics.js";

export interface CompositionTrace {
  /** Passed to the registry client: counts requests by kind. */
  onRequest: RequestHook;
  /** Wraps the fetcher the core resolves with, to time the artifacts' arrivals. */
  wrap(fetcher: ArtifactFetcher): ArtifactFetcher;
  mark(phase: string): void;
  /** The trace lines, in order. */
  lines(): string[];
}

export function createCompositionTrace(): CompositionTrace {
  const started = performance.now();
  let last = started;
  const phases: string[] = [];
  const requests = new Map<string, number>();
  let artifacts = 0;
  let firstFetch: number | undefined;
  let lastArrival: number | undefined;
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return {
    onRequest: (event) => {
      const key = `${event.method} ${event.kind}`;
      requests.set(key, (requests.get(key) ?? 0) + 1);
    },
    wrap: (fetcher) => ({
      async fetch(ref, options) {
        firstFetch ??= performance.now();
        const artifact = await fetcher.fetch(ref, options);
        artifacts += 1;
        lastArrival = performance.now();
        return artifact;
      },
    }),
    mark(phase) {
      const now = performance.now();
      if (phase === "compose" && firstFetch !== undefined && lastArrival !== undefined) {
        const counted = [...requests].map(([k, n]) => `${n} ${k}`).join(", ") || "no requests";
        phases.push(`trace: resolve ${ms(lastArrival - firstFetch)} (${artifacts} artifacts; ${counted})`);
        phases.push(
          `trace: compose ${ms(now - lastArrival)} (parse, merge, validate, render after the last arrival)`,
        );
      } else {
        phases.push(`trace: ${phase} ${ms(now - last)}`);
      }
      last = now;
    },
    lines: () => [...phases, `trace: total ${ms(performance.now() - started)} (since the command started)`],
  };
}
