// A ContentStore that refuses repositories outside `--allowed-registries` before its inner store is asked
// anything: the reference half of the policy (the connection half is in connection-policy.ts). It checks the
// registry the user named, not the mirror it is sent to, so a mirror cannot widen what may be imported.
import { RegistryError } from "../core/errors.js";
import { allowsReference, type AllowList } from "../core/registry-allow-list.js";
import type { ContentStore } from "./store.js";

/** Throws RegistryNotAllowed when `registry/repository` is outside the list (no list: allowed). */
export function checkReference(list: AllowList | undefined, registry: string, repository: string): void {
  if (list === undefined || allowsReference(list, registry, repository)) return;
  throw new RegistryError(
    "RegistryNotAllowed",
    `oci://${registry}/${repository} is outside the allowed registries (${list.flag}); ` +
      `use an artifact under one of them or add it to the list. No request was sent`,
  );
}

export function restrictStore(store: ContentStore, registry: string, list: AllowList): ContentStore {
  const check = (repository: string): void => checkReference(list, registry, repository);
  return {
    label: store.label,
    resolve: async (target) => {
      check(target.repository);
      return store.resolve(target);
    },
    fetchManifest: async (target) => {
      check(target.repository);
      return store.fetchManifest(target);
    },
    fetchBlob: async (repository, descriptor, what, maxBytes) => {
      check(repository);
      return store.fetchBlob(repository, descriptor, what, maxBytes);
    },
    hasBlob: async (repository, descriptor) => {
      check(repository);
      return store.hasBlob(repository, descriptor);
    },
    pushBlob: async (repository, descriptor, bytes, what) => {
      check(repository);
      return store.pushBlob(repository, descriptor, bytes, what);
    },
    pushManifest: async (repository, tag, descriptor, bytes, what) => {
      check(repository);
      return store.pushManifest(repository, tag, descriptor, bytes, what);
    },
  };
}
