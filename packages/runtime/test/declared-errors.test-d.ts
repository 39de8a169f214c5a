/**
 * Compile-time checks of declared errors, run by `tsc -b` (the test tsconfig includes this
 * folder): every `@ts-expect-error` line must fail to compile, every other line must compile.
 */
import {
  type CallContext,
  createClient,
  createServer,
  type DeclaredError,
  type ErrorGuards,
  type ErrorsOf,
  errorGuards,
  type HandlersOf,
  type RpcError,
  type ServiceDescriptor,
} from "@rpcgen/runtime";

interface Bounds {
  south: number;
  west: number;
  north: number;
  east: number;
}
interface OutOfArea {
  code: "out_of_range";
  point: "from" | "to";
  bounds: Bounds;
}
interface Unreachable {
  code: "failed_precondition";
  reason?: string;
}
type OutOfAreaError = DeclaredError<"OutOfArea", "out_of_range", Omit<OutOfArea, "code">>;
type UnreachableError = DeclaredError<
  "Unreachable",
  "failed_precondition",
  Omit<Unreachable, "code">
>;

interface PathService {
  shortestPath(req: { from: string; to: string }): Promise<string>;
  ping(req: null): Promise<string>;
}
interface PathServiceErrors {
  shortestPath: OutOfAreaError | UnreachableError;
}

declare const PathServiceDef: ServiceDescriptor<PathService, PathServiceErrors>;
declare const bounds: Bounds;

/** True when A and B are the same type. */
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
function assertType<T extends true>(): T | undefined {
  return undefined;
}

export const handlers: HandlersOf<PathService, PathServiceErrors> = {
  shortestPath(req, ctx) {
    if (req.from === "") throw ctx.error("OutOfArea", { point: "from", bounds });
    if (req.to === "") throw ctx.error("Unreachable");
    if (req.to === "x") throw ctx.error("Unreachable", { reason: "closed" }, "road closed");
    // @ts-expect-error: a type the method does not declare
    if (req.to === "y") throw ctx.error("Undeclared", {});
    // @ts-expect-error: a detail of the wrong type
    if (req.to === "z") throw ctx.error("OutOfArea", { point: "x", bounds });
    // @ts-expect-error: a property the details do not have
    if (req.to === "w") throw ctx.error("OutOfArea", { point: "to", bounds, extra: 1 });
    // @ts-expect-error: details with required properties cannot be left out
    if (req.to === "v") throw ctx.error("OutOfArea");
    const raised = ctx.error("OutOfArea", { point: "to", bounds });
    assertType<Equal<typeof raised, OutOfAreaError>>();
    return "route";
  },
  ping(_req, ctx) {
    // @ts-expect-error: a method without declared errors has nothing to raise
    throw ctx.error("OutOfArea", { point: "to", bounds });
  },
};

// Registering infers the errors from the descriptor, so inline handlers are checked too.
createServer().add(PathServiceDef, {
  shortestPath: (_req, ctx) => {
    // @ts-expect-error: not declared by shortestPath
    throw ctx.error("Nope");
  },
  ping: () => "pong",
});

const isPathServiceError = errorGuards(PathServiceDef);
assertType<Equal<typeof isPathServiceError, ErrorGuards<PathServiceErrors>>>();
assertType<Equal<ErrorsOf<typeof PathServiceDef>, PathServiceErrors>>();
// @ts-expect-error: ping declares no errors, so it has no guard
isPathServiceError.ping;

export async function caller(): Promise<string> {
  const path = createClient(PathServiceDef, {} as never);
  try {
    return await path.shortestPath({ from: "a", to: "b" });
  } catch (err) {
    if (!isPathServiceError.shortestPath(err)) throw err;
    switch (err.type) {
      case "OutOfArea":
        assertType<Equal<typeof err.details.point, "from" | "to">>();
        assertType<Equal<typeof err.code, "out_of_range">>();
        return err.details.point;
      case "Unreachable":
        assertType<Equal<typeof err.details.reason, string | undefined>>();
        return err.details.reason ?? err.message;
      default:
        assertType<Equal<typeof err, never>>();
        return err;
    }
  }
}

// A declared error is an RpcError.
export const asRpcError: RpcError = {} as OutOfAreaError;

// One type argument, as before: nothing declared, nothing to raise.
interface Plain {
  echo(text: string): Promise<string>;
}
declare const PlainDef: ServiceDescriptor<Plain>;
export const plainHandlers: HandlersOf<Plain> = {
  echo: (text, ctx: CallContext) => `${text} ${ctx.method}`,
};
createServer().add(PlainDef, plainHandlers).add(PathServiceDef, handlers);
export const anyDescriptor: ServiceDescriptor = PathServiceDef;
assertType<Equal<keyof ReturnType<typeof errorGuards<Plain, ErrorsOf<typeof PlainDef>>>, never>>();
