import type { ErrorDescriptor, MethodDescriptor } from "../descriptor.js";
import { RpcCode } from "./code.js";
import { RpcError } from "./rpc-error.js";

/**
 * An error a method declares with `@throws`: an {@link RpcError} whose `type` names the error
 * interface, whose `code` is the one that interface fixes, and whose `details` are typed.
 * Generated code names one per error interface:
 * `type OutOfAreaError = DeclaredError<"OutOfArea", "out_of_range", Omit<OutOfArea, "code">>`.
 */
export interface DeclaredError<T extends string = string, C extends RpcCode = RpcCode, D = unknown>
  extends RpcError {
  /** The error interface's name, as sent on the wire. */
  readonly type: T;
  readonly code: C;
  /** The error interface's properties except `code`, in their in-memory form. */
  readonly details: D;
}

/**
 * The arguments after the type name in `ctx.error(type, ...)` for declared error `X`: its
 * details, optional when they have no required property, then an optional message (default:
 * the type name).
 */
export type DeclaredErrorArgs<X> =
  X extends DeclaredError<string, RpcCode, infer D>
    ? Partial<D> extends D
      ? [details?: D, message?: string]
      : [details: D, message?: string]
    : never;

/**
 * Declared errors whose details are known to match their type: raised through `ctx.error`
 * (typed by the compiler) or received and checked by a client. Only these pass a guard from
 * `errorGuards`; an `RpcError` merely carrying a `type` string does not.
 */
const declared = new WeakSet<RpcError>();

/** True when `error` was raised with `ctx.error` or received and checked as declared. */
export function isDeclared(error: RpcError): boolean {
  return declared.has(error);
}

/**
 * The declaration of error `type` among `method`'s errors. An own-property lookup: a type
 * named `constructor` or `__proto__` from a peer must not find `Object.prototype`'s members.
 */
export function declarationOf(method: MethodDescriptor, type: string): ErrorDescriptor | undefined {
  const errors = method.errors;
  return errors !== undefined && Object.hasOwn(errors, type) ? errors[type] : undefined;
}

/**
 * What `ctx.error(type, details, message)` raises for `method`. A type the method does not
 * declare (only reachable past the compiler) gets code `internal`; the server refuses it when
 * it is thrown, naming the type.
 */
export function raiseDeclared(
  method: MethodDescriptor,
  type: string,
  details: unknown,
  message: string | undefined,
): RpcError {
  const declaredAs = declarationOf(method, type);
  // Details with no required property may be left out; the wire still carries an object so
  // the client's check sees the shape it expects.
  const error = new RpcError(declaredAs?.code ?? RpcCode.Internal, message ?? type, {
    type,
    details: details ?? {},
  });
  if (declaredAs !== undefined) declared.add(error);
  return error;
}

/** A type name as shown in messages: a hostile or buggy one must not make them huge. */
function shown(type: string): string {
  return type.length > 100 ? `${type.slice(0, 100)}…` : type;
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The form in which an error raised by a handler or interceptor of `path`
 * (`Service/method`) is sent: its details checked by the declaration's `decodeDetails` and
 * converted by its `encodeDetails`. A type the method does not declare, a code other than the
 * declared one, or details that fail the check make it `internal` instead, with a message
 * naming the method, the type and the field, passed to `report` before it is returned. An
 * error without a `type` is returned as it is.
 */
export function checkRaised(
  path: string,
  method: MethodDescriptor,
  error: RpcError,
  report: (failure: RpcError) => void,
): RpcError {
  const { type } = error;
  if (type === undefined) return error;
  const errors = method.errors;
  const declaredAs = declarationOf(method, type);
  let problem: string;
  if (declaredAs === undefined) {
    problem = `${path} raised ${shown(type)}, which it does not declare${
      errors === undefined
        ? " (it declares no errors)"
        : `; it declares ${Object.keys(errors).join(", ")}`
    }`;
  } else if (declaredAs.code !== error.code) {
    problem = `${path} raised ${type} with code ${error.code}; it is declared with ${declaredAs.code}`;
  } else {
    let details = error.details;
    try {
      if (declaredAs.decodeDetails !== undefined) details = declaredAs.decodeDetails(details);
    } catch (failure) {
      return refuse(`${path} raised ${type} with invalid details: ${reasonOf(failure)}`);
    }
    try {
      if (declaredAs.encodeDetails !== undefined) details = declaredAs.encodeDetails(details);
    } catch (failure) {
      return refuse(`${path} raised ${type} with details it cannot encode: ${reasonOf(failure)}`);
    }
    return details === error.details
      ? error
      : new RpcError(error.code, error.message, { type, details, cause: error });
  }
  return refuse(problem);

  function refuse(message: string): RpcError {
    const failure = new RpcError(RpcCode.Internal, message, { cause: error });
    report(failure);
    return failure;
  }
}

/**
 * An error as the client of `path` hands it on: when its `type` is one `method` declares with
 * the same code, a declared error whose details passed `decodeDetails` (skipped when `check`
 * is false). Details that fail the check make it `internal`, as a response that fails its
 * check does, with a message naming `details.<path>`. Anything else is returned unchanged.
 */
export function reviveDeclared(
  path: string,
  method: MethodDescriptor,
  error: unknown,
  check: boolean,
): unknown {
  if (!(error instanceof RpcError) || declared.has(error)) return error;
  const { type } = error;
  if (type === undefined) return error;
  const declaredAs = declarationOf(method, type);
  if (declaredAs === undefined || declaredAs.code !== error.code) return error;
  let details = error.details;
  const decode = check ? declaredAs.decodeDetails : undefined;
  if (decode !== undefined) {
    try {
      details = decode(details);
    } catch (failure) {
      return new RpcError(
        RpcCode.Internal,
        `${path} error ${type} failed validation: ${reasonOf(failure)}`,
        { details: failure instanceof RpcError ? failure.details : undefined, cause: error },
      );
    }
  }
  const revived = new RpcError(error.code, error.message, { type, details });
  declared.add(revived);
  return revived;
}
