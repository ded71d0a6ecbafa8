// Fixtures for the OCI tests: katalog folders with unique content (blobs are content-addressed and shared
// across repositories, so tampering with one test's blob must not touch another's), unique repository names,
// and where the registry keeps a blob on disk.
import { createHash, randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PatternFile } from "../../src/oci/index.js";

let counter = 0;

export function uniqueRepo(prefix: string): string {
  counter++;
  return `komposer-test/${prefix}-${process.pid}-${counter}-${randomBytes(3).toString("hex")}`;
}

export function katalogText(name = "webapp"): string {
  return [
    "apiVersion: orkestra.orkspace.io/v1",
    "kind: Katalog",
    `metadata: {name: ${name}, version: 1.0.0, author: komposer-tests, license: Apache-2.0, tags: [web, test]}`,
    "spec:",
    "  crds:",
    "    webapp:",
    "      apiTypes: {group: apps.example.com, version: v1, kind: WebApp, plural: webapps}",
    `# nonce ${randomBytes(8).toString("hex")}`,
    "",
  ].join("\n");
}

export function katalogFiles(name = "webapp"): PatternFile[] {
  const enc = new TextEncoder();
  return [
    { name: "katalog.yaml", bytes: enc.encode(katalogText(name)) },
    { name: "README.md", bytes: enc.encode(`# ${name}\n${randomBytes(8).toString("hex")}\n`) },
  ];
}

/** Writes the files into a new folder under `parent` and returns it. */
export function katalogFolder(parent: string, files: PatternFile[] = katalogFiles()): string {
  const dir = mkdtempSync(join(parent, "katalog-"));
  for (const f of files) {
    mkdirSync(join(dir, ...f.name.split("/").slice(0, -1)), { recursive: true });
    writeFileSync(join(dir, ...f.name.split("/")), f.bytes);
  }
  return dir;
}

/** distribution's filesystem layout: docker/registry/v2/blobs/sha256/<2 hex>/<hex>/data */
export function blobDataPath(storageDir: string, content: Uint8Array): string {
  const hex = createHash("sha256").update(content).digest("hex");
  return join(storageDir, "docker", "registry", "v2", "blobs", "sha256", hex.slice(0, 2), hex, "data");
}
