import type { RpcCode } from "@rpcgen/runtime";

/** What a soak client process reports when its time is up. */
export interface ClientReport {
  client: number;
  calls: number;
  /** Calls answered, the answer checked against the request. */
  ok: number;
  /** Calls that failed with an expected code: cut off, cancelled or past their deadline. */
  unknown: number;
  /** Of `ok`, the calls whose handler counts its runs on the server. */
  executedOk: number;
  /** Of `unknown`, the calls whose handler counts its runs (it may or may not have run). */
  executedUnknown: number;
  reconnects: number;
  /** Error codes seen, with counts. */
  codes: Record<string, number>;
  /** Wrong answers, lost calls and unexpected errors (the first 20). */
  failures: string[];
}

/** The codes a soak call may end with besides success, depending on what it was put through. */
export const expectedCodes: ReadonlySet<RpcCode> = new Set<RpcCode>([
  "unavailable",
  "cancelled",
  "deadline_exceeded",
]);
