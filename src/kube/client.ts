// A thin wrapper over client-node's generic object API. Writes are server-side apply with one field manager,
// so the operator owns exactly the fields it sets and re-applying an unchanged object is a no-op on the server
// (no new resourceVersion, no watch event, no reconcile storm). Reads return `undefined` for 404. Objects go
// in and come out as plain JSON (see json-object-api.ts for why client-node's typed models are bypassed).
import {
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
  type KubernetesObject,
} from "@kubernetes/client-node";
import { orUndefinedOnNotFound } from "./errors.js";
import { JsonObjectApi } from "./json-object-api.js";

export const FIELD_MANAGER = "komposer";

/** Identifies one object. `namespace` is omitted for cluster-scoped kinds. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/** A custom resource with a status subresource; `plural` names its URL path. */
export interface CustomResourceRef extends ObjectRef {
  plural: string;
}

export interface ApplyOptions {
  /** Take over fields another manager owns (default true: the operator is the source of truth for its objects). */
  force?: boolean;
  dryRun?: boolean;
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export type StatusPatchStrategy = "merge" | "apply";

export interface KubeClientOptions {
  fieldManager?: string;
  /** Page size of list calls. */
  pageSize?: number;
}

export class KubeClient {
  readonly objects: JsonObjectApi;
  private readonly custom: CustomObjectsApi;
  private readonly fieldManager: string;
  private readonly pageSize: number;

  constructor(
    readonly kubeConfig: KubeConfig,
    options: KubeClientOptions = {},
  ) {
    this.objects = JsonObjectApi.fromKubeConfig(kubeConfig);
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.fieldManager = options.fieldManager ?? FIELD_MANAGER;
    this.pageSize = options.pageSize ?? 500;
  }

  /** Server-side apply of `desired` (apiVersion, kind, metadata.name and the fields we own). */
  async apply<T extends KubernetesObject>(desired: T, options: ApplyOptions = {}): Promise<T> {
    return this.objects.patchJson<T>(withoutServerFields(desired), PatchStrategy.ServerSideApply, {
      fieldManager: this.fieldManager,
      force: options.force ?? true,
      dryRun: options.dryRun ?? false,
    });
  }

  /** RFC 7386 merge patch; `undefined` when the object does not exist. */
  async mergePatch<T extends KubernetesObject>(
    ref: ObjectRef,
    patch: Record<string, unknown>,
  ): Promise<T | undefined> {
    const body = {
      ...patch,
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      metadata: { ...asRecord(patch.metadata), ...meta(ref) },
    };
    return orUndefinedOnNotFound(() =>
      this.objects.patch<T>(
        body as T,
        undefined,
        undefined,
        this.fieldManager,
        undefined,
        PatchStrategy.MergePatch,
      ),
    );
  }

  async get<T extends KubernetesObject>(ref: ObjectRef): Promise<T | undefined> {
    return orUndefinedOnNotFound(() =>
      this.objects.read<T>({ apiVersion: ref.apiVersion, kind: ref.kind, metadata: meta(ref) }),
    );
  }

  /** Every object of a kind, following `continue` tokens so large namespaces are read in pages. */
  async list<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    options: ListOptions = {},
  ): Promise<T[]> {
    const items: T[] = [];
    let token: string | undefined;
    do {
      const page = await this.objects.list<T>(
        apiVersion,
        kind,
        options.namespace,
        undefined,
        undefined,
        undefined,
        options.fieldSelector,
        options.labelSelector,
        this.pageSize,
        token,
      );
      items.push(...page.items);
      // Plain JSON (not client-node's V1ListMeta model): the field is `continue`, not `_continue`.
      token = (page.metadata as { continue?: string } | undefined)?.continue || undefined;
    } while (token);
    return items;
  }

  /** Deletes the object; `false` when it was already gone. */
  async delete(
    ref: ObjectRef,
    propagationPolicy: "Background" | "Foreground" | "Orphan" = "Background",
  ): Promise<boolean> {
    const spec = { apiVersion: ref.apiVersion, kind: ref.kind, metadata: meta(ref) };
    const status = await orUndefinedOnNotFound(() =>
      this.objects.delete(spec, undefined, undefined, undefined, undefined, propagationPolicy),
    );
    return status !== undefined;
  }

  /**
   * Writes `status` through the status subresource. "merge" replaces the fields given (lists whole, which
   * suits conditions computed in full each time); "apply" makes `komposer` the owner of exactly these fields.
   * Pass `resourceVersion` to fail with 409 when the object changed since it was read. `undefined` on 404.
   */
  async patchStatus<T extends KubernetesObject>(
    ref: CustomResourceRef,
    status: Record<string, unknown>,
    options: { strategy?: StatusPatchStrategy; resourceVersion?: string } = {},
  ): Promise<T | undefined> {
    const strategy = options.strategy ?? "merge";
    const metadata = {
      ...meta(ref),
      ...(options.resourceVersion ? { resourceVersion: options.resourceVersion } : {}),
    };
    const body =
      strategy === "apply"
        ? { apiVersion: ref.apiVersion, kind: ref.kind, metadata, status }
        : { metadata, status };
    const { group, version } = splitApiVersion(ref.apiVersion);
    const contentType = setHeaderOptions(
      "Content-Type",
      strategy === "apply" ? PatchStrategy.ServerSideApply : PatchStrategy.MergePatch,
    );
    const common = {
      group,
      version,
      plural: ref.plural,
      name: ref.name,
      body,
      fieldManager: this.fieldManager,
    };
    const force = strategy === "apply" ? true : undefined;
    return orUndefinedOnNotFound(
      async () =>
        (ref.namespace
          ? await this.custom.patchNamespacedCustomObjectStatus(
              { ...common, namespace: ref.namespace, force },
              contentType,
            )
          : await this.custom.patchClusterCustomObjectStatus({ ...common, force }, contentType)) as T,
    );
  }
}

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf("/");
  return slash < 0
    ? { group: "", version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

function meta(ref: ObjectRef): { name: string; namespace?: string } {
  return ref.namespace ? { name: ref.name, namespace: ref.namespace } : { name: ref.name };
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
}

// The API server rejects an apply whose body carries managedFields, and server-owned metadata in an apply
// body would be claimed by our field manager (a resourceVersion would make the apply conditional); strip
// them so callers may pass objects they read earlier.
function withoutServerFields<T extends KubernetesObject>(obj: T): T {
  if (!obj.metadata) return obj;
  const {
    managedFields: _m,
    uid: _u,
    creationTimestamp: _c,
    generation: _g,
    selfLink: _s,
    resourceVersion: _r,
    ...metadata
  } = obj.metadata;
  return { ...obj, metadata };
}
