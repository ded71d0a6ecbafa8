// Re-exported so controller tests find the fake clock beside the real one (see ./clock.ts).
export { FakeClock, flushMicrotasks } from "../kube/fake-clock.js";
