import { createLimiter } from "./limiter.js";

describe("createLimiter", () => {
  it("never runs more than the bound at once, and runs everything", async () => {
    const limit = createLimiter(3);
    let running = 0;
    let peak = 0;
    const task = async (i: number) => {
      running += 1;
      peak = Math.max(peak, running);
      for (let k = 0; k < (i % 4) + 1; k += 1) await Promise.resolve();
      running -= 1;
      return i;
    };
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => limit(() => task(i))));
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(peak).toBe(3);
  });

  it("frees the slot when a task fails", async () => {
    const limit = createLimiter(1);
    await expect(limit(() => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    await expect(limit(() => Promise.resolve(1))).resolves.toBe(1);
  });

  it("refuses a non-positive bound", () => {
    expect(() => createLimiter(0)).toThrow(RangeError);
  });
});
