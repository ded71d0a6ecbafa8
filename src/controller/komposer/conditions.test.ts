import { computeConditions, type ReconcileObservation } from "./conditions.js";

const base: ReconcileObservation = { generation: 3, runtimeName: "orkestra-runtime", resolved: true };
const get = (conds: ReturnType<typeof computeConditions>, type: string) => conds.find((c) => c.type === type);

describe("computeConditions", () => {
  it("is Ready with no restart pending when desired equals active", () => {
    const c = computeConditions(
      [],
      { ...base, desiredDigest: "sha256:aaaaaaaaaaaa", activeDigest: "sha256:aaaaaaaaaaaa" },
      "t1",
    );
    expect(get(c, "Ready")).toMatchObject({ status: "True", observedGeneration: 3 });
    expect(get(c, "RestartPending")).toMatchObject({ status: "False" });
  });

  it("says what to do when a new bundle is staged", () => {
    const c = computeConditions(
      [],
      { ...base, desiredDigest: "sha256:bbbbbbbbbbbbbb", activeDigest: "sha256:aaaa" },
      "t1",
    );
    expect(get(c, "RestartPending")).toMatchObject({
      status: "True",
      message: "bundle bbbbbbbbbb staged; set spec.restartToken to activate",
    });
    // kubectl get -o wide shows Ready's message: it says what is staged, not only what is active.
    expect(get(c, "Ready")?.message).toBe(
      "Bundle aaaa is active; bundle bbbbbbbbbb staged: set spec.restartToken to activate",
    );
  });

  it("says that a new token waits, and why, while the generation does not resolve", () => {
    const c = computeConditions(
      [],
      {
        ...base,
        resolved: false,
        failure: { reason: "ArtifactNotFound", message: "no tag v2", terminal: false },
        activeDigest: "sha256:aaaa",
        requestedToken: "t2",
        observedToken: "t1",
      },
      "t1",
    );
    expect(get(c, "RestartPending")).toMatchObject({
      status: "True",
      reason: "TokenWaiting",
      message: expect.stringMatching(
        /^restartToken "t2" waits: this generation does not resolve \(ArtifactNotFound\)/,
      ),
    });
    const settled = computeConditions(
      [],
      {
        ...base,
        activeDigest: "sha256:aaaa",
        desiredDigest: "sha256:aaaa",
        requestedToken: "t2",
        observedToken: "t2",
      },
      "t1",
    );
    expect(get(settled, "RestartPending")).toMatchObject({ status: "False", reason: "UpToDate" });
  });

  it("marks terminal failures Stalled and transient ones not", () => {
    const terminal = computeConditions(
      [],
      { ...base, resolved: false, failure: { reason: "DuplicateCRD", message: "dup", terminal: true } },
      "t",
    );
    expect(get(terminal, "Ready")).toMatchObject({ status: "False", reason: "DuplicateCRD", message: "dup" });
    expect(get(terminal, "Stalled")).toMatchObject({ status: "True", reason: "DuplicateCRD" });
    expect(get(terminal, "Resolved")).toMatchObject({ status: "False", reason: "DuplicateCRD" });
    const transient = computeConditions(
      [],
      { ...base, failure: { reason: "RegistryUnavailable", message: "down", terminal: false } },
      "t",
    );
    expect(get(transient, "Stalled")).toMatchObject({ status: "False" });
  });

  it("keeps lastTransitionTime while a status does not change, so an unchanged world writes nothing", () => {
    const o = { ...base, desiredDigest: "sha256:a", activeDigest: "sha256:a" };
    const first = computeConditions([], o, "t1");
    const second = computeConditions(first, o, "t2");
    expect(second).toEqual(first);
    const flipped = computeConditions(first, { ...o, desiredDigest: "sha256:b" }, "t3");
    expect(get(flipped, "RestartPending")?.lastTransitionTime).toBe("t3");
    expect(get(flipped, "Ready")?.lastTransitionTime).toBe("t1");
  });
});
