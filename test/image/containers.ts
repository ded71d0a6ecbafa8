// Building and running the image with Debian's buildah and podman: daemonless, as root, `vfs` storage (no overlay
// needed) and `chroot` isolation for builds. Two adjustments this VM needs (docs/decisions/0010): the `runc`
// runtime (crun refuses the hybrid cgroup layout) and explicit ulimits (copying the host's is refused).
import { execFile, execFileSync } from "node:child_process";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildScript, cacheDir, readVersions } from "../env/versions.js";

const STORAGE = ["--storage-driver", "vfs"];
export const RUN_FLAGS = [
  "--runtime",
  "runc",
  "--network",
  "host",
  "--ulimit",
  "nofile=1024:1024",
  "--ulimit",
  "nproc=1024:1024",
];

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

export function run(command: string, args: readonly string[], timeoutMs = 600_000): Promise<Ran> {
  return new Promise((done) => {
    execFile(
      command,
      [...args],
      { encoding: "utf8", timeout: timeoutMs, maxBuffer: 64 << 20 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

export const podman = (args: readonly string[], timeoutMs?: number) =>
  run("podman", [...STORAGE, ...args], timeoutMs);
export const buildah = (args: readonly string[], timeoutMs?: number) =>
  run("buildah", [...STORAGE, ...args], timeoutMs);

/** Throws with the command's output when it failed: a broken build step is never a skipped test. */
export function ok(what: string, ran: Ran): Ran {
  if (ran.code !== 0)
    throw new Error(
      `${what} failed (exit ${ran.code}):\n${ran.stderr.slice(-4000)}\n${ran.stdout.slice(-2000)}`,
    );
  return ran;
}

/** Which of buildah, podman, runc are missing (scripts/setup-test-env.sh installs them). */
export function missingContainerTools(): string[] {
  return ["buildah", "podman", "runc", "mmdebstrap"].filter(
    (tool) => !["/usr/bin", "/usr/sbin", "/bin"].some((dir) => existsSync(join(dir, tool))),
  );
}

/** The local base image (Debian minbase + Node + npm, see build-tools.sh base-image), imported once per version. */
export async function ensureBaseImage(): Promise<string> {
  const v = readVersions();
  const version = `${v.IMAGE_NODE_VERSION}-npm${v.IMAGE_NPM_VERSION}-${v.IMAGE_DEBIAN_SUITE}+${v.IMAGE_BASE_BUILD}`;
  const rootfs = join(cacheDir(), `base-image-${version}`, "rootfs.tar");
  if (!existsSync(rootfs))
    execFileSync("bash", [buildScript, "base-image"], { stdio: ["ignore", "inherit", "inherit"] });
  const name = `localhost/komposer-base:${version.replace(/\+/g, "_")}`;
  if ((await podman(["image", "exists", name])).code === 0) return name;
  ok(
    `podman import ${rootfs}`,
    await podman([
      "import",
      "--change",
      'CMD ["node"]',
      "--change",
      "ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
      rootfs,
      name,
    ]),
  );
  return name;
}

/**
 * Volumes for `buildah bud` that let the build's `npm ci` trust what this machine trusts: here the npm registry
 * is reached through a TLS proxy whose CA is only in the host's bundle (node would answer
 * SELF_SIGNED_CERT_IN_CHAIN). The bundle and an npmrc naming it are mounted for the RUN steps only, so the image
 * itself is unchanged. Nothing is mounted on a machine without the bundle.
 */
export function buildMachineTrust(workDir: string): string[] {
  const bundle = process.env.NODE_EXTRA_CA_CERTS ?? "/etc/ssl/certs/ca-certificates.crt";
  if (!existsSync(bundle)) return [];
  const npmrc = join(workDir, "image-build.npmrc");
  writeFileSync(npmrc, "cafile=/etc/ssl/certs/build-machine-ca.crt\n");
  // The base's npm is installed under /usr/local, so /usr/local/etc/npmrc is its global config.
  return ["-v", `${bundle}:/etc/ssl/certs/build-machine-ca.crt:ro`, "-v", `${npmrc}:/usr/local/etc/npmrc:ro`];
}
