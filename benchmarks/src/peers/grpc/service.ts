import { fileURLToPath } from "node:url";
import * as grpc from "@grpc/grpc-js";
import * as protoLoader from "@grpc/proto-loader";
import type { Position, Route } from "../../shared/service.js";
import type { ProtoPathRequest, ProtoPathRequestInit } from "../proto/convert.js";

/**
 * The grpc peer loads path.proto at run time with @grpc/proto-loader, the common way to use
 * @grpc/grpc-js. Its objects are untyped; the few types below say what the handlers and the
 * client get with these loader options (camelCase fields, enum numbers, defaults filled in).
 */
const protoFile = fileURLToPath(new URL("../proto/path.proto", import.meta.url));

/** Generous next to the ~1 MiB payloads the harness may send (grpc-js defaults to 4 MiB). */
export const maxMessageBytes = 64 * 1024 * 1024;

export interface ProtoFollowRequest {
  readonly rideId: string;
  readonly count: number;
}

/** The generated client class, typed for the two methods the benchmark calls. */
export interface PathServiceClient extends grpc.Client {
  shortestPath(
    request: ProtoPathRequestInit,
    callback: (error: grpc.ServiceError | null, route?: Route) => void,
  ): grpc.ClientUnaryCall;
  follow(request: ProtoFollowRequest): grpc.ClientReadableStream<Position>;
}

export interface PathServiceHandlers extends grpc.UntypedServiceImplementation {
  shortestPath: grpc.handleUnaryCall<ProtoPathRequest, Route>;
  follow: grpc.handleServerStreamingCall<ProtoFollowRequest, Position>;
}

export interface LoadedPathService {
  readonly definition: grpc.ServiceDefinition;
  readonly Client: new (
    address: string,
    credentials: grpc.ChannelCredentials,
    options?: grpc.ChannelOptions,
  ) => PathServiceClient;
}

let loaded: Promise<LoadedPathService> | undefined;

/** Loads path.proto once per process; every client made afterwards reuses the definition. */
export function loadPathService(): Promise<LoadedPathService> {
  loaded ??= load();
  return loaded;
}

async function load(): Promise<LoadedPathService> {
  const definition = await protoLoader.load(protoFile, {
    keepCase: false,
    longs: Number,
    defaults: true,
  });
  const bench = grpc.loadPackageDefinition(definition).bench as grpc.GrpcObject;
  const v1 = bench.v1 as grpc.GrpcObject;
  const ClientClass = v1.PathService as grpc.ServiceClientConstructor;
  return {
    definition: ClientClass.service,
    Client: ClientClass as unknown as LoadedPathService["Client"],
  };
}
