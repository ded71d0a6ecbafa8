// Two projects: `unit` (pure, beside the code, no processes) and `integration` (real kube-apiserver, etcd,
// registry, oras, helm, started once per run by test/env/global-setup.mjs). `npm test` runs both.
const tsJest = ["ts-jest", { useESM: true, tsconfig: "tsconfig.json" }];
const common = {
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.ts$": tsJest },
  testEnvironment: "node",
};

/** @type {import('jest').Config} */
export default {
  // Integration tests wait for real rollouts and registries; unit tests finish in milliseconds anyway.
  testTimeout: 180000,
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/src/**/*.test.ts", "<rootDir>/scripts/**/*.test.ts"],
    },
    {
      ...common,
      displayName: "integration",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      globalSetup: "<rootDir>/test/env/global-setup.mjs",
      globalTeardown: "<rootDir>/test/env/global-teardown.mjs",
    },
  ],
};
