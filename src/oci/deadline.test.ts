// The command deadline (`ork --timeout`) and the connection policy inside the transport, with an injected fetch:
// a request that never answers is aborted when the deadline passes, a backoff sleep does not outlive it, and
// an upload location on a host outside the allow-list is refused before it is requested.
import { parseAllowList } from "../core/registry-allow-list.js";
import { createConnectionPolicy } from "./connection-policy.js";
import { deadlineAfter } from "./deadline.js";
import { HttpTransport, type RegistryRequest } from "./http-transport.js";

const noCredentials = { get: () => Promise.resolve(undefined) };
const req: RegistryRequest = {
  host: "registry.test",
  method: "GET",
  path: "/v2/app/manifests/v1",
  kind: "manifest",
  what: "oci://registry.test/app:v1",
};

/** A fetch that never answers: it settles only when its signal aborts, as a silent server does. */
const silentFetch: typeof fetch = (_url, init) =>
  new Promise((_resolve, reject) => {
    const signal = init?.signal;
    signal?.addEventListener("abort", () => reject(new Error("aborted", { cause: signal.reason })), {
      once: true,
    });
  });

describe("the command deadline", () => {
  it("aborts a request that never answers and names the host and the flag", async () => {
    const seen: string[] = [];
    const transport = new HttpTransport({
      credentials: noCredentials,
      fetch: (url, init) => {
        seen.push(url instanceof URL ? url.href : JSON.stringify(url));
        return silentFetch(url, init);
      },
      timeoutMs: 60_000,
      deadline: deadlineAfter(50, "--timeout 50ms"),
    });
    const call = transport.request(req, () => Promise.resolve("never"));
    await expect(call).rejects.toMatchObject({ reason: "RegistryUnavailable" });
    await expect(call).rejects.toThrow(
      "--timeout 50ms ran out while waiting for registry.test (oci://registry.test/app:v1)",
    );
    // One attempt: nothing is retried once the deadline has passed.
    expect(seen).toEqual(["https://registry.test/v2/app/manifests/v1"]);
  });

  it("cuts a backoff sleep short instead of sleeping past the deadline", async () => {
    let attempts = 0;
    const transport = new HttpTransport({
      credentials: noCredentials,
      fetch: () => {
        attempts++;
        return Promise.resolve(new Response(null, { status: 503 }));
      },
      // A sleep that would take an hour: only the deadline can end it.
      retry: { attempts: 4, sleep: () => new Promise(() => undefined), random: () => 1 },
      deadline: deadlineAfter(50, "--timeout 50ms"),
    });
    await expect(transport.request(req, () => Promise.resolve("never"))).rejects.toThrow(
      "--timeout 50ms ran out while waiting for registry.test",
    );
    expect(attempts).toBe(1);
  });
});

describe("the connection policy in the transport", () => {
  it("refuses an upload location on another host before requesting it", async () => {
    const seen: string[] = [];
    const transport = new HttpTransport({
      credentials: noCredentials,
      fetch: (url) => {
        seen.push(url instanceof URL ? url.href : JSON.stringify(url));
        return Promise.resolve(new Response(null, { status: 201 }));
      },
      connections: createConnectionPolicy(parseAllowList("registry.test")),
    });
    const upload = {
      ...req,
      method: "PUT",
      path: "https://internal.test:8443/upload?digest=x",
      kind: "upload" as const,
    };
    await expect(transport.request(upload, () => Promise.resolve())).rejects.toThrow(
      "the upload location from registry.test points to internal.test:8443, which is not in --allowed-registries registry.test",
    );
    expect(seen).toEqual([]);
  });
});
