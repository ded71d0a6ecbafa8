// Type-checked linting plus the dependency rule of the house style:
//   api <- core <- {oci, kube} <- {cli, controller}
// core is pure (no I/O, no clock, no env); the CLI never imports kube.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const restrict = (patterns, message) => ({
  "no-restricted-imports": ["error", { patterns: patterns.map((group) => ({ group: [group], message })) }],
});

const nodeIo = [
  "node:fs",
  "node:fs/*",
  "node:net",
  "node:http",
  "node:https",
  "node:child_process",
  "node:os",
  "fs",
  "fs/*",
  "child_process",
  "undici",
];

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      "coverage/**",
      ".scratch/**",
      ".stryker-tmp/**",
      "reports/**",
      ".testenv/**",
      "**/*.js",
      "**/*.mjs",
      "examples/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/api/**/*.ts"],
    ignores: ["src/api/**/*.test.ts"],
    rules: restrict(
      ["**/core/**", "**/oci/**", "**/kube/**", "**/cli/**", "**/controller/**", ...nodeIo, "@kubernetes/*"],
      "src/api is the contract: it depends on nothing but zod.",
    ),
  },
  {
    files: ["src/core/**/*.ts"],
    ignores: ["src/core/**/*.test.ts"],
    rules: restrict(
      ["**/oci/**", "**/kube/**", "**/cli/**", "**/controller/**", ...nodeIo, "@kubernetes/*"],
      "src/core is pure: pass data and resolvers in, do I/O in an adapter.",
    ),
  },
  {
    files: ["src/oci/**/*.ts"],
    rules: restrict(
      ["**/kube/**", "**/cli/**", "**/controller/**", "@kubernetes/*"],
      "src/oci is an adapter: it may use api and core only.",
    ),
  },
  {
    files: ["src/kube/**/*.ts"],
    rules: restrict(
      ["**/oci/**", "**/cli/**", "**/controller/**"],
      "src/kube is an adapter: it may use api and core only.",
    ),
  },
  {
    files: ["src/cli/**/*.ts"],
    rules: restrict(
      ["**/kube/**", "**/controller/**", "@kubernetes/*"],
      "The CLI never talks to a cluster: it uses core and oci.",
    ),
  },
  {
    files: ["src/controller/**/*.ts"],
    rules: restrict(["**/cli/**"], "The controller does not import the CLI; share code through core."),
  },
  {
    // Budgets keep product functions small enough to read in one sitting; a function that
    // outgrows them is split into named helpers with one job each. Tests are exempt: a long
    // table of cases is clearer inline.
    files: ["src/**/*.ts"],
    ignores: ["src/**/*.test.ts"],
    rules: {
      complexity: ["error", { max: 15 }],
      "max-lines-per-function": ["error", { max: 60, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    files: ["**/*.test.ts", "test/**/*.ts", "bench/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-return": "off",
    },
  },
);
