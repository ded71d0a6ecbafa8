import { RegistryError } from "../core/errors.js";
import { digestOf, readVerified, verifyBytes } from "./digest-stream.js";

const bytes = new TextEncoder().encode("hello katalog");
async function* chunks(...parts: Uint8Array[]) {
  for (const p of parts) yield await Promise.resolve(p);
}

describe("readVerified", () => {
  const expectation = { what: "f", digest: digestOf(bytes), size: bytes.byteLength, maxBytes: 100 };

  it("returns verified content", async () => {
    await expect(readVerified(chunks(bytes.subarray(0, 3), bytes.subarray(3)), expectation)).resolves.toEqual(
      bytes,
    );
  });

  it("rejects a digest mismatch, a short or a long body", async () => {
    const other = new TextEncoder().encode("hello katalOg");
    await expect(readVerified(chunks(other), expectation)).rejects.toThrow(/does not match/);
    await expect(readVerified(chunks(bytes.subarray(1)), expectation)).rejects.toThrow(/declares/);
    await expect(readVerified(chunks(bytes, bytes), expectation)).rejects.toThrow(/more than the declared/);
  });

  it("refuses oversized content before reading a byte", async () => {
    let pulled = 0;
    async function* counting() {
      pulled++;
      yield await Promise.resolve(bytes);
    }
    await expect(readVerified(counting(), { ...expectation, size: 1000 })).rejects.toThrow(/limit/);
    await expect(readVerified(counting(), { what: "m", maxBytes: 5 }, 1_000_000)).rejects.toThrow(/limit/);
    expect(pulled).toBe(0);
  });

  it("caps bodies without a declared size while streaming", async () => {
    await expect(readVerified(chunks(bytes), { what: "m", maxBytes: 5 })).rejects.toThrow(RegistryError);
  });

  it("verifies bytes in memory", () => {
    expect(() => verifyBytes(bytes, expectation)).not.toThrow();
    expect(() => verifyBytes(bytes, { ...expectation, digest: digestOf(new Uint8Array()) })).toThrow(
      /does not match/,
    );
  });
});
