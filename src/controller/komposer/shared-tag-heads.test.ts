import { FakeClock } from "../../../test/support/fake-clock.js";
import type { ArtifactReference } from "../../core/artifact.js";
import { RegistryError } from "../../core/errors.js";
import type { CredentialStore, Credentials, OciArtifactFetcher } from "../../oci/index.js";
import { ArtifactCache } from "./artifact-cache.js";
import { createCachingFetcher } from "./caching-fetcher.js";
import { credentialFingerprint, SHARED_HEAD_MAX_AGE_MS, SharedTagHeads } from "./shared-tag-heads.js";

const DIGEST = `sha256:${"a".repeat(64)}`;
const tagged: ArtifactReference = { registry: "r.example", repository: "org/webapp", tag: "v1" };

interface World {
  clock: FakeClock;
  heads: SharedTagHeads;
  /** Every HEAD sent, as `namespace tag`. */
  sent: string[];
}

function world(): World {
  const clock = new FakeClock();
  return { clock, heads: new SharedTagHeads(clock), sent: [] };
}

/** One reconcile's fetcher for `namespace`, whose store holds `credentials` for r.example. */
function reconcile(
  w: World,
  namespace: string,
  credentials: Credentials | undefined,
  options: { denied?: boolean } = {},
) {
  const store: CredentialStore = {
    get: (host) => Promise.resolve(host === "r.example" ? credentials : undefined),
  };
  const upstream: OciArtifactFetcher = {
    fetch: () => Promise.reject(new Error("unused")),
    inspect: () => Promise.reject(new Error("unused")),
    resolveDigest: (ref) => {
      w.sent.push(`${namespace} ${ref.tag}`);
      return options.denied
        ? Promise.reject(new RegistryError("Unauthorized", "denied"))
        : Promise.resolve(DIGEST);
    },
  };
  return createCachingFetcher({
    namespace,
    cache: new ArtifactCache(),
    upstream: () => Promise.resolve(upstream),
    allowedRegistries: [],
    record: () => {},
    sharedHeads: {
      heads: w.heads,
      credentials: () => Promise.resolve(store),
      clock: w.clock,
      startedAt: w.clock.now(),
    },
  });
}

const alice: Credentials = { username: "alice", password: "s3cret" };

describe("tag HEADs shared across namespaces", () => {
  it("sends one HEAD for periodic re-checks of namespaces with identical credentials", async () => {
    const w = world();
    await reconcile(w, "a", alice).currentDigest(tagged, { periodic: true });
    await w.clock.advance(SHARED_HEAD_MAX_AGE_MS / 2);
    const digest = await reconcile(w, "b", { ...alice }).currentDigest(tagged, { periodic: true });
    expect(digest).toBe(DIGEST);
    expect(w.sent).toEqual(["a v1"]);
  });

  it("never shares between different credentials, nor between credentials and anonymous access", async () => {
    const w = world();
    await reconcile(w, "a", alice).currentDigest(tagged, { periodic: true });
    await reconcile(w, "b", { username: "alice", password: "other" }).currentDigest(tagged, {
      periodic: true,
    });
    await reconcile(w, "c", undefined).currentDigest(tagged, { periodic: true });
    expect(w.sent).toEqual(["a v1", "b v1", "c v1"]);
  });

  it("a namespace refused by the registry is refused even while another's answer is shared", async () => {
    const w = world();
    await reconcile(w, "a", alice).currentDigest(tagged, { periodic: true });
    await expect(
      reconcile(w, "b", { username: "mallory", password: "guess" }, { denied: true }).currentDigest(tagged, {
        periodic: true,
      }),
    ).rejects.toThrow("denied");
  });

  it("sends a new HEAD once the shared answer is older than the periodic limit", async () => {
    const w = world();
    await reconcile(w, "a", alice).currentDigest(tagged, { periodic: true });
    await w.clock.advance(SHARED_HEAD_MAX_AGE_MS + 1);
    await reconcile(w, "b", alice).currentDigest(tagged, { periodic: true });
    expect(w.sent).toEqual(["a v1", "b v1"]);
  });

  it("a reconcile something asked for accepts only a HEAD sent after it started", async () => {
    const w = world();
    await reconcile(w, "a", alice).currentDigest(tagged, { periodic: true });
    await w.clock.advance(1);
    const asked = reconcile(w, "b", alice);
    await asked.currentDigest(tagged);
    expect(w.sent).toEqual(["a v1", "b v1"]);
    // One started no later than b's HEAD was sent may share it (nothing it was asked to see is older).
    await reconcile(w, "c", alice).currentDigest(tagged);
    expect(w.sent).toEqual(["a v1", "b v1"]);
    const sameStart = world();
    const first = reconcile(sameStart, "a", alice);
    const second = reconcile(sameStart, "b", alice);
    await Promise.all([first.currentDigest(tagged), second.currentDigest(tagged)]);
    expect(sameStart.sent).toEqual(["a v1"]);
  });

  it("does not keep a failed HEAD: the next caller sends its own", async () => {
    const w = world();
    await expect(
      reconcile(w, "a", alice, { denied: true }).currentDigest(tagged, { periodic: true }),
    ).rejects.toThrow("denied");
    await reconcile(w, "b", alice).currentDigest(tagged, { periodic: true });
    expect(w.sent).toEqual(["a v1", "b v1"]);
  });

  it("fingerprints hide the secret and tell credentials apart field by field", () => {
    const fingerprint = credentialFingerprint(alice);
    expect(fingerprint).not.toContain("s3cret");
    expect(fingerprint).toBe(credentialFingerprint({ password: "s3cret", username: "alice" }));
    expect(fingerprint).not.toBe(credentialFingerprint({ username: "alice", identityToken: "s3cret" }));
    expect(credentialFingerprint(undefined)).toBe("anonymous");
  });

  it("bounds its entries, dropping the least recently sent", async () => {
    const clock = new FakeClock();
    const heads = new SharedTagHeads(clock, 2);
    for (const tag of ["1", "2", "3"]) await heads.resolve(tag, 0, () => Promise.resolve(DIGEST));
    expect(heads.size()).toBe(2);
    let sent = 0;
    await heads.resolve("1", 0, () => (sent++, Promise.resolve(DIGEST)));
    expect(sent).toBe(1);
  });
});
