// The `unit` project of jest.config.js on its own, for StrykerJS, which takes one Jest config (the integration
// project needs a real control plane and registry, which a mutation run never starts). Its test sequencer runs
// only the test files holding the tests that cover the mutant (scripts/mutation/covering-files-sequencer.mjs).
import config from "./jest.config.js";

const unit = config.projects.find((project) => project.displayName === "unit");
if (!unit) throw new Error("jest.config.js has no unit project");

/** @type {import('jest').Config} */
export default {
  ...unit,
  rootDir: import.meta.dirname,
  testSequencer: "<rootDir>/scripts/mutation/covering-files-sequencer.mjs",
};
