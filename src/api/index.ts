// src/api owns the contract: zod schemas for the Katalog and Komposer documents (which also generate the
// Komposer CRD under crds/), the types inferred from them, and the types of what composition produces.
// It depends on nothing but zod.
export * from "./common.js";
export * from "./crd-entry.js";
export * from "./katalog.js";
export * from "./komposer.js";
export * from "./metadata.js";
export * from "./effective.js";
