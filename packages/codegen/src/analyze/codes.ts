/**
 * Every diagnostic code the analyzer reports, in one place so the CLI, docs and tests agree on
 * the spelling. TypeScript's own errors are reported as `ts<number>` (e.g. `ts2307`).
 */
export const DiagnosticCode = {
  // Input and project problems.
  fileNotFound: "file-not-found",
  tsconfig: "tsconfig",
  unresolvedType: "unresolved-type",
  // Service and method shapes.
  optionalMethod: "optional-method",
  reservedMethodName: "reserved-method-name",
  overloadedMethod: "overloaded-method",
  genericMethod: "generic-method",
  unsupportedReturn: "unsupported-return",
  restParameter: "rest-parameter",
  optionalParameterOrder: "optional-parameter-order",
  streamParameter: "stream-parameter",
  // Data types that cannot cross the wire.
  anyInRequest: "any-in-request",
  unknownInRequest: "unknown-in-request",
  unsupportedFunction: "unsupported-function",
  unsupportedClass: "unsupported-class",
  unsupportedBuiltin: "unsupported-builtin",
  unsupportedPromise: "unsupported-promise",
  unsupportedStream: "unsupported-stream",
  unsupportedWeak: "unsupported-weak-collection",
  unsupportedSymbol: "unsupported-symbol",
  unsupportedNever: "unsupported-never",
  unsupportedVoid: "unsupported-void",
  unsupportedObject: "unsupported-object",
  unsupportedEmptyObject: "unsupported-empty-object",
  unsupportedIntersection: "unsupported-intersection",
  unsupportedTemplateLiteral: "unsupported-template-literal",
  unsupportedBigintLiteral: "unsupported-bigint-literal",
  unsupportedIndexSignature: "unsupported-index-signature",
  unsupportedTuple: "unsupported-tuple",
  unsupportedType: "unsupported-type",
  recursionLimit: "recursion-limit",
  // Declared errors (`@throws {Name}` on a method).
  unresolvedError: "unresolved-error-type",
  errorNotObject: "error-not-object",
  errorCode: "error-code",
  errorNotExported: "error-not-exported",
  duplicateErrorName: "duplicate-error-name",
  // JSDoc constraints.
  invalidConstraint: "invalid-constraint",
  unknownFormat: "unknown-format",
  constraintMismatch: "constraint-mismatch",
} as const;

export type DiagnosticCode = (typeof DiagnosticCode)[keyof typeof DiagnosticCode];
