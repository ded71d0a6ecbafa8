// A tag pushed after the Komposer that imports it is picked up without editing the Komposer (issue 14): "not
// found" is retried with capped backoff (1 s, 2 s, 4 s, …), not left Stalled until spec.interval (10 m here).
import { loadTestEnv } from "../env/state.js";
import { createTestNamespace } from "../support/kube.js";
import { uniqueRepo } from "../support/oci-fixtures.js";
import {
  applyKomposer,
  condition,
  fixture,
  installCrd,
  pushKatalog,
  waitForActive,
  waitForCondition,
} from "./support/cluster.js";
import { startOperator, type RunningOperator } from "./support/operator.js";

const env = loadTestEnv();
let operator: RunningOperator | undefined;

beforeAll(async () => {
  await installCrd();
});

afterAll(async () => {
  await operator?.stop();
});

it("retries a missing tag with backoff and becomes Ready once it is pushed, with no edit", async () => {
  const ref = `oci://${env.registry.host}/${uniqueRepo("late")}:v1.0.0`;
  const namespace = await createTestNamespace("op-late-tag");
  operator = await startOperator({ name: namespace, args: ["--namespace", namespace] });
  await applyKomposer(namespace, {
    name: "platform",
    imports: [ref],
    restartToken: "t1",
    extraSpec: { interval: "10m" },
  });
  const failing = await waitForCondition(
    namespace,
    "platform",
    "Ready",
    "False",
    (k) => condition(k, "Ready")?.reason === "ArtifactNotFound",
  );
  // Retrying, not stalled: the generation is not marked observed, and a new token waits (TokenWaiting).
  expect(condition(failing, "Stalled")).toMatchObject({ status: "False", reason: "Retrying" });
  expect(condition(failing, "RestartPending")).toMatchObject({ status: "True", reason: "TokenWaiting" });

  await pushKatalog(ref, fixture("webapp-v1"));
  const ready = await waitForActive(namespace, "platform", 60_000);
  expect(ready.status?.observedRestartToken).toBe("t1");
});
