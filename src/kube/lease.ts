// The coordination.k8s.io/v1 Lease behind leader election, reduced to what the elector needs: read, create,
// and a compare-and-swap update on resourceVersion. A lost race (409) is an ordinary answer, not an error.
import { CoordinationV1Api, V1MicroTime, type KubeConfig, type V1Lease } from "@kubernetes/client-node";
import { isConflict, isNotFound } from "./errors.js";

/** client-go's LeaderElectionRecord, in milliseconds. */
export interface LeaderRecord {
  /** Empty when the lease was released. */
  holderIdentity: string;
  leaseDurationSeconds: number;
  acquireTime?: number;
  renewTime?: number;
  leaseTransitions: number;
}

export interface StoredLease {
  record: LeaderRecord;
  resourceVersion: string;
}

export interface LeaseStore {
  /** `namespace/name`, for logs. */
  readonly description: string;
  get(): Promise<StoredLease | undefined>;
  /** `undefined` when another candidate created it first. */
  create(record: LeaderRecord): Promise<StoredLease | undefined>;
  /** `undefined` when the lease changed since `resourceVersion` (someone else wrote first). */
  update(record: LeaderRecord, resourceVersion: string): Promise<StoredLease | undefined>;
}

export function kubeLeaseStore(kubeConfig: KubeConfig, namespace: string, name: string): LeaseStore {
  const api = kubeConfig.makeApiClient(CoordinationV1Api);
  return {
    description: `${namespace}/${name}`,
    async get() {
      try {
        return fromLease(await api.readNamespacedLease({ name, namespace }));
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async create(record) {
      try {
        return fromLease(
          await api.createNamespacedLease({ namespace, body: toLease(namespace, name, record) }),
        );
      } catch (error) {
        if (isConflict(error)) return undefined;
        throw error;
      }
    },
    async update(record, resourceVersion) {
      try {
        const body = toLease(namespace, name, record, resourceVersion);
        return fromLease(await api.replaceNamespacedLease({ name, namespace, body }));
      } catch (error) {
        if (isConflict(error)) return undefined;
        throw error;
      }
    },
  };
}

// Lease times are MicroTime: the API server insists on six fractional digits, which V1MicroTime prints.
function toLease(namespace: string, name: string, r: LeaderRecord, resourceVersion?: string): V1Lease {
  return {
    apiVersion: "coordination.k8s.io/v1",
    kind: "Lease",
    metadata: { name, namespace, ...(resourceVersion ? { resourceVersion } : {}) },
    spec: {
      holderIdentity: r.holderIdentity,
      leaseDurationSeconds: r.leaseDurationSeconds,
      leaseTransitions: r.leaseTransitions,
      ...(r.acquireTime !== undefined ? { acquireTime: new V1MicroTime(r.acquireTime) } : {}),
      ...(r.renewTime !== undefined ? { renewTime: new V1MicroTime(r.renewTime) } : {}),
    },
  };
}

export function fromLease(lease: V1Lease): StoredLease {
  const spec = lease.spec ?? {};
  const record: LeaderRecord = {
    holderIdentity: spec.holderIdentity ?? "",
    leaseDurationSeconds: spec.leaseDurationSeconds ?? 0,
    leaseTransitions: spec.leaseTransitions ?? 0,
  };
  const acquireTime = toMillis(spec.acquireTime);
  const renewTime = toMillis(spec.renewTime);
  if (acquireTime !== undefined) record.acquireTime = acquireTime;
  if (renewTime !== undefined) record.renewTime = renewTime;
  return { record, resourceVersion: lease.metadata?.resourceVersion ?? "" };
}

// client-node does not know the MicroTime type when reading, so the value may arrive as a string.
function toMillis(value: unknown): number | undefined {
  if (value instanceof Date) return value.getTime();
  if (typeof value === "string") {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? undefined : ms;
  }
  return undefined;
}
