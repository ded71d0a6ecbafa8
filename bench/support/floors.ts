// The floors every benchmark prints its figures against, measured in the same run as the figures: Node's own
// start-up (`node -e 0` as a child process) and the raw parallel fetch of the same artifacts (every manifest
// and then its blobs over plain fetch, all at once, no verification, no limit): what the network alone costs.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import { stats, type Stats } from "../stats.js";

const MANIFEST_ACCEPT = "application/vnd.oci.image.manifest.v1+json";

/** Wall time of `node -e 0` as a child process, `runs` times. */
export async function measureNodeStart(runs: number): Promise<Stats> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await timeChild(process.execPath, ["-e", "0"]));
  return stats(times);
}

/** Wall time of a child process until it exits (its output discarded); throws when it fails. */
export function timeChild(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { ...options, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (code) => {
      const elapsed = performance.now() - started;
      if (code === 0) resolve(elapsed);
      else reject(new Error(`${command} ${args.join(" ")} exited ${code}: ${stderr}`));
    });
  });
}

export interface RawRef {
  host: string;
  repository: string;
  tag: string;
}

/** One raw parallel fetch of manifest + blobs for every reference; returns its wall time in ms. */
export async function rawParallelFetch(refs: readonly RawRef[]): Promise<number> {
  const started = performance.now();
  await Promise.all(
    refs.map(async (ref) => {
      const base = `http://${ref.host}/v2/${ref.repository}`;
      const manifest = (await (
        await fetch(`${base}/manifests/${ref.tag}`, { headers: { accept: MANIFEST_ACCEPT } })
      ).json()) as { layers?: { digest: string }[] };
      await Promise.all(
        (manifest.layers ?? []).map(async (layer) => {
          const res = await fetch(`${base}/blobs/${layer.digest}`);
          await res.arrayBuffer();
        }),
      );
    }),
  );
  return performance.now() - started;
}

export async function measureRawFetch(refs: readonly RawRef[], runs: number): Promise<Stats> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(await rawParallelFetch(refs));
  return stats(times);
}

/** `846 ms (812–901) ×2.70`: a figure with its spread and its ratio to a floor. */
export function withRatio(figure: Stats, floor: number): string {
  return `${figure.median.toFixed(0)} ms (${figure.min.toFixed(0)}–${figure.max.toFixed(0)}) ×${(figure.median / floor).toFixed(2)}`;
}
