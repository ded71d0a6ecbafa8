// client-node's KubernetesObjectApi, minus its typed model (de)serialisation. For built-in kinds it maps
// objects through generated classes: JSON keys that differ from the TypeScript property names
// (`x-kubernetes-preserve-unknown-fields`, `$ref`, …) and fields newer than the models are silently dropped,
// and timestamps become Dates. Server-side apply must send exactly what we mean and read back exactly what
// the server stored, so this subclass sends and returns plain JSON. URL building, discovery, authentication
// and error handling stay client-node's. Bodies are read with a cap (bounded-body.ts).
import {
  ApiException,
  HttpMethod,
  KubernetesObjectApi,
  type KubeConfig,
  type KubernetesObject,
  type PatchStrategy,
  type ResponseContext,
} from "@kubernetes/client-node";
import { MAX_API_ERROR_BYTES, MAX_API_RESPONSE_BYTES, readApiBody } from "./bounded-body.js";

export interface WriteOptions {
  fieldManager: string;
  force?: boolean;
  dryRun?: boolean;
}

export class JsonObjectApi extends KubernetesObjectApi {
  /** The largest response body read; above it the call fails with APIRequestFailed (transient). */
  maxResponseBytes = MAX_API_RESPONSE_BYTES;

  static fromKubeConfig(kubeConfig: KubeConfig): JsonObjectApi {
    const api = kubeConfig.makeApiClient(JsonObjectApi);
    api.setDefaultNamespace(kubeConfig);
    return api;
  }

  /** PATCH with the given content type and a JSON body, returning the stored object as plain JSON. */
  async patchJson<T extends KubernetesObject>(
    spec: KubernetesObject,
    contentType: PatchStrategy,
    options: WriteOptions,
  ): Promise<T> {
    const path = await this.specUriPath(spec, "patch");
    const request = this.configuration.baseServer.makeRequestContext(path, HttpMethod.PATCH);
    request.setHeaderParam("Accept", "application/json");
    request.setHeaderParam("Content-Type", contentType);
    request.setQueryParam("fieldManager", options.fieldManager);
    if (options.force !== undefined) request.setQueryParam("force", String(options.force));
    if (options.dryRun) request.setQueryParam("dryRun", "All");
    request.setBody(JSON.stringify(spec));
    return this.requestPromise<T>(request);
  }

  protected override async processResponse<T extends KubernetesObject>(
    response: ResponseContext,
  ): Promise<T> {
    if (response.httpStatusCode >= 200 && response.httpStatusCode <= 299) {
      return JSON.parse(await readApiBody(response, this.maxResponseBytes)) as T;
    }
    throw new ApiException(
      response.httpStatusCode,
      "Unsuccessful HTTP Request",
      await readApiBody(response, MAX_API_ERROR_BYTES, { truncate: true }),
      response.headers,
    );
  }
}
