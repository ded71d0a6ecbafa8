// The image built and run for real (issue 13): buildah builds the Dockerfile on a base made here from Debian
// packages and the npm registry (public base images cannot be pulled; build-tools.sh base-image), podman runs it
// as the non-root user with a read-only root filesystem, the operator container brings a Komposer to Ready on the
// test API server, and the chart is installed with the image pushed to the test registry. One build per run; its
// size and duration are printed.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "../env/ports.js";
import { loadTestEnv } from "../env/state.js";
import { createTestNamespace, kubectl } from "../support/kube.js";
import { uniqueRepo } from "../support/oci-fixtures.js";
import {
  applyKomposer,
  apps,
  fixture,
  installCrd,
  pushKatalog,
  waitForActive,
} from "../operator/support/cluster.js";
import { waitFor } from "../operator/support/operator.js";
import {
  buildah,
  buildMachineTrust,
  ensureBaseImage,
  missingContainerTools,
  ok,
  podman,
  run,
  RUN_FLAGS,
} from "./containers.js";

const REPO = fileURLToPath(new URL("../..", import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;
const env = loadTestEnv();
const image = `localhost/komposer:test-${process.pid}`;
const containers: string[] = [];

beforeAll(async () => {
  const missing = missingContainerTools();
  if (missing.length > 0)
    throw new Error(
      `test/image needs ${missing.join(", ")} (Debian packages): run scripts/setup-test-env.sh`,
    );
  const base = await ensureBaseImage();
  const started = Date.now();
  ok(
    "buildah bud of the Dockerfile",
    await buildah(
      [
        "bud",
        "--isolation",
        "chroot",
        "--network",
        "host",
        ...buildMachineTrust(env.workDir),
        "--build-arg",
        `NODE_IMAGE=${base}`,
        "-t",
        image,
        REPO,
      ],
      1_500_000,
    ),
  );
  const seconds = (Date.now() - started) / 1000;
  const size = Number(
    ok("podman image inspect", await podman(["image", "inspect", "--format", "{{.Size}}", image])).stdout,
  );
  process.stdout.write(
    `[image] ${image} on ${base}: ${(size / 1e6).toFixed(1)} MB, built in ${seconds.toFixed(0)} s\n`,
  );
  await installCrd();
}, 1_800_000);

afterAll(async () => {
  for (const name of containers) await podman(["rm", "--force", "--time", "2", name]);
  await podman(["rmi", "--force", image]);
});

/** podman run as the chart runs the pod: user 65532, read-only root, /tmp an emptyDir. */
function asInCluster(extra: readonly string[] = []): string[] {
  return [...RUN_FLAGS, "--read-only", "--tmpfs", "/tmp", "--user", "65532:65532", ...extra];
}

describe("the Komposer image, built with buildah and run with podman", () => {
  // The goal is < 200 MB; measured 287 MB (node binary 99 MB, Debian minbase ~85 MB, npm and the
  // production node_modules the rest; docs/decisions/0010). This bound catches growth, not the goal.
  it("stays under 300 MB", async () => {
    const size = Number((await podman(["image", "inspect", "--format", "{{.Size}}", image])).stdout);
    expect(size).toBeLessThan(300e6);
  });

  it("runs `ork --version` as user 65532 on a read-only root filesystem", async () => {
    const ran = ok(
      "podman run ork --version",
      await podman(["run", "--rm", ...asInCluster(), "--entrypoint", "ork", image, "--version"]),
    );
    expect(ran.stdout.trim()).toBe(VERSION);
  });

  it("runs `ork generate bundle` on the embedded demo exactly as the repository's build does", async () => {
    const examples = join(REPO, "examples");
    const inImage = ok(
      "podman run ork generate bundle",
      await podman([
        "run",
        "--rm",
        ...asInCluster(["-v", `${examples}:/demo:ro`, "-w", "/demo"]),
        "--entrypoint",
        "ork",
        image,
        "generate",
        "bundle",
        "-f",
        "pattern-zoo/komposer.yaml",
        "-o",
        "-",
      ]),
    );
    const onHost = execFileSync(
      process.execPath,
      [join(REPO, "dist/cli/main.js"), "generate", "bundle", "-f", "pattern-zoo/komposer.yaml", "-o", "-"],
      { cwd: examples, encoding: "utf8" },
    );
    expect(inImage.stdout).toContain("kind: ConfigMap");
    expect(inImage.stdout).toBe(onHost);
  });

  it("runs the operator (the entrypoint) against the test API server and brings a Komposer to Ready", async () => {
    const namespace = await createTestNamespace("image-op");
    const ref = `oci://${env.registry.host}/${uniqueRepo("image")}:v1.0.0`;
    await pushKatalog(ref, fixture("webapp-v1"));
    const name = `komposer-operator-${process.pid}`;
    const health = await freePort();
    // The admin kubeconfig and its keys are root-only files; user 65532 gets a flattened copy (data inline), as
    // a pod gets its service-account token.
    const configDir = mkdtempSync(join(env.workDir, "image-kubeconfig-"));
    chmodSync(configDir, 0o755);
    const kubeconfig = join(configDir, "kubeconfig");
    const flat = await kubectl(["config", "view", "--raw", "--flatten"]);
    writeFileSync(kubeconfig, flat, { mode: 0o644 });
    ok(
      "podman run the operator",
      await podman([
        "run",
        "--detach",
        "--name",
        name,
        ...asInCluster(["-v", `${kubeconfig}:/config/kubeconfig:ro`, "-e", `POD_NAME=${name}`]),
        image,
        "--kubeconfig",
        "/config/kubeconfig",
        "--namespace",
        namespace,
        "--health-address",
        `127.0.0.1:${health}`,
      ]),
    );
    containers.push(name);
    await waitFor("the operator container to answer /readyz", async () => {
      const res = await fetch(`http://127.0.0.1:${health}/readyz`).catch(() => undefined);
      if (res?.ok) return true;
      const state = await podman(["inspect", "--format", "{{.State.Status}}", name]);
      if (state.stdout.trim() === "exited")
        throw new Error(`the operator container exited:\n${(await podman(["logs", name])).stderr}`);
      return undefined;
    });
    await applyKomposer(namespace, { name: "platform", imports: [ref], restartToken: "t1" });
    const ready = await waitForActive(namespace, "platform", 120_000);
    expect(ready.status?.active?.digest).toMatch(/^sha256:/);
  });

  it("is pushed to the test registry and installed with the chart from there", async () => {
    const repository = `${env.registry.host}/komposer/komposer`;
    const tag = `test-${process.pid}`;
    ok(
      "podman push",
      await podman(["push", "--tls-verify=false", image, `docker://${repository}:${tag}`], 600_000),
    );
    const manifest = await fetch(
      `http://${repository.replace("/komposer/", "/v2/komposer/")}/manifests/${tag}`,
      {
        method: "HEAD",
        headers: {
          accept:
            "application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json",
        },
      },
    );
    expect(manifest.status).toBe(200);

    const namespace = await createTestNamespace("image-helm");
    const release = `komposer-${process.pid}`;
    ok(
      "helm install",
      await run(env.bin.helm, [
        "install",
        release,
        join(REPO, "helm"),
        "--kubeconfig",
        env.kubeconfig,
        "--namespace",
        namespace,
        "--set",
        `image.repository=${repository}`,
        "--set",
        `image.tag=${tag}`,
        "--skip-crds",
      ]),
    );
    const status = ok(
      "helm status",
      await run(env.bin.helm, [
        "status",
        release,
        "--kubeconfig",
        env.kubeconfig,
        "--namespace",
        namespace,
        "-o",
        "json",
      ]),
    );
    expect((JSON.parse(status.stdout) as { info: { status: string } }).info.status).toBe("deployed");
    const deployments = await apps().listNamespacedDeployment({ namespace });
    const images = deployments.items.flatMap(
      (d) => d.spec?.template.spec?.containers.map((c) => c.image) ?? [],
    );
    expect(images).toContain(`${repository}:${tag}`);
    if (env.controllers) {
      // kwok's fake nodes run no containers but let the Deployment roll out, so the release is Available.
      await kubectl([
        "rollout",
        "status",
        `deployment/${deployments.items[0]?.metadata?.name ?? ""}`,
        "-n",
        namespace,
        "--timeout=120s",
      ]);
    }
  });
});
