import type { KomposerObject } from "./komposer-object.js";
import { activationMessage, decideActivation, needsActivation } from "./step-activate.js";

const active = {
  digest: "sha256:abc",
  shortDigest: "abc",
  configMap: "orkestra-katalog-abc",
  activatedAt: "2026-01-01T00:00:00Z",
};

function komposer(
  generation: number,
  status: { active?: typeof active; observedRestartToken?: string } = {},
): KomposerObject {
  return {
    apiVersion: "orkestra.orkspace.io/v1",
    kind: "Komposer",
    metadata: { name: "platform", namespace: "team", uid: "u1", generation },
    status,
  };
}

describe("needsActivation", () => {
  it("activates at first install, whatever the token", () => {
    expect(needsActivation(komposer(1), undefined)).toBe(true);
    expect(needsActivation(komposer(1), "t1")).toBe(true);
  });

  it("activates only when the token differs from the observed one", () => {
    const installed = komposer(2, { active, observedRestartToken: "t1" });
    expect(needsActivation(installed, "t1")).toBe(false);
    expect(needsActivation(installed, "t2")).toBe(true);
    // No token and an empty observed token are the same: removing a never-set token activates nothing.
    expect(needsActivation(komposer(2, { active, observedRestartToken: "" }), undefined)).toBe(false);
    expect(needsActivation(installed, undefined)).toBe(true);
  });
});

describe("decideActivation", () => {
  it("is up to date when the cached copy says so (no live read needed)", () => {
    const cached = komposer(1, { active, observedRestartToken: "t1" });
    expect(decideActivation(cached, undefined, "t1")).toBe("up-to-date");
  });

  it("does not activate twice when the informer lags our own status write", () => {
    const cached = komposer(1); // the cache has not seen the activation yet
    const live = komposer(1, { active, observedRestartToken: "t1" });
    expect(decideActivation(cached, live, "t1")).toBe("up-to-date");
  });

  it("activates when the live object agrees", () => {
    const cached = komposer(3, { active, observedRestartToken: "t1" });
    expect(decideActivation(cached, cached, "t2")).toBe("activate");
    expect(decideActivation(komposer(1), komposer(1), "t1")).toBe("activate");
  });

  it("calls a composition stale when the live object is another generation or gone", () => {
    const cached = komposer(3, { active, observedRestartToken: "t1" });
    expect(decideActivation(cached, komposer(4, { active, observedRestartToken: "t1" }), "t2")).toBe("stale");
    expect(decideActivation(cached, undefined, "t2")).toBe("stale");
  });
});

describe("activationMessage", () => {
  it("says a new token on an unchanged bundle is a restart, and names a new bundle otherwise", () => {
    const d = "sha256:aaaa";
    expect(
      activationMessage({ digest: d, previousDigest: d, token: "t2", deployment: "orkestra-runtime" }),
    ).toBe(
      'Restart requested by restartToken "t2": bundle sha256:aaaa is unchanged; restarting Deployment orkestra-runtime',
    );
    expect(
      activationMessage({ digest: d, previousDigest: "sha256:bbbb", token: "t2", deployment: undefined }),
    ).toBe("Activated bundle sha256:aaaa; runtime Deployment not found");
    expect(
      activationMessage({ digest: d, previousDigest: undefined, token: undefined, deployment: "r" }),
    ).toBe("Activated bundle sha256:aaaa; restarting Deployment r");
  });
});
