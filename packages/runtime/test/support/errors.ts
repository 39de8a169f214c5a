import { RpcError } from "@rpcgen/runtime";

/** The `RpcError` a promise rejects with; fails the test if it resolves or throws anything else. */
export async function rpcErrorOf(promise: Promise<unknown>): Promise<RpcError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof RpcError) return error;
    throw new Error(`expected an RpcError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected the call to fail, but it succeeded");
}
