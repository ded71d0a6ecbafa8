// The `unit` project of jest.config.js on its own, for tools that take one Jest config (StrykerJS): the
// integration project needs a real control plane and registry, which a mutation run never starts.
import config from "./jest.config.js";

const unit = config.projects.find((project) => project.displayName === "unit");
if (!unit) throw new Error("jest.config.js has no unit project");

/** @type {import('jest').Config} */
export default { ...unit, rootDir: import.meta.dirname };
