// Two projects: `unit` (pure, beside the code, no processes) and `integration` (real kube-apiserver, etcd,
// registry, oras, helm, started once per run by test/env/global-setup.ts). `npm test` runs both.
const tsJest = [
  "ts-jest",
  { useESM: true, isolatedModules: true, tsconfig: "tsconfig.json" },
];
const common = {
  extensionsToTreatAsEsm: [".ts"],
  moduleNameMapper: { "^(\\.{1,2}/.*)\\.js$": "$1" },
  transform: { "^.+\\.ts$": tsJest },
  testEnvironment: "node",
};

/** @type {import('jest').Config} */
export default {
  projects: [
    { ...common, displayName: "unit", testMatch: ["<rootDir>/src/**/*.test.ts"] },
    {
      ...common,
      displayName: "integration",
      testMatch: ["<rootDir>/test/**/*.test.ts"],
      globalSetup: "<rootDir>/test/env/global-setup.ts",
      globalTeardown: "<rootDir>/test/env/global-teardown.ts",
      testTimeout: 180000,
    },
  ],
};
