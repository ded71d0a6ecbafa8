import { createLimiter } from "./limiter.js";

it("never runs more than the bound at once", async () => {
  const limit = createLimiter(3);
  let active = 0;
  let peak = 0;
  const task = async () => {
    active++;
    peak = Math.max(peak, active);
    await new Promise((r) => setTimeout(r, Math.random() * 5));
    active--;
  };
  await Promise.all(Array.from({ length: 40 }, () => limit(task)));
  expect(peak).toBe(3);
});
