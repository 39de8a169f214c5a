/**
 * The rules `rpcgen check` applies, by name. Each change between two versions of an IDL is
 * one finding of one rule; a rule is breaking (existing clients or servers fail against the
 * new version) or safe. docs/compatibility.md explains each; a test holds the two in step.
 */
export const rules = {
  "service-removed": { breaking: true, summary: "a service was removed" },
  "method-removed": { breaking: true, summary: "a method was removed" },
  "method-renamed": {
    breaking: true,
    summary: "a method was renamed (one removed, one added with the same shape)",
  },
  "stream-kind-changed": { breaking: true, summary: "a method's kind changed" },
  "parameters-reshaped": {
    breaking: true,
    summary: "a method went from one parameter to several or none, or back",
  },
  "parameter-added": { breaking: true, summary: "a required parameter was added" },
  "parameter-removed": { breaking: true, summary: "a parameter was removed" },
  "parameter-required": { breaking: true, summary: "an optional parameter became required" },
  "type-changed": { breaking: true, summary: "a type changed to an incompatible one" },
  "required-field-added": { breaking: true, summary: "a required field was added to a request" },
  "field-required": { breaking: true, summary: "an optional request field became required" },
  "response-field-removed": {
    breaking: true,
    summary: "a required field was removed from a response",
  },
  "response-field-optional": {
    breaking: true,
    summary: "a required response field became optional",
  },
  "union-narrowed-in-request": {
    breaking: true,
    summary: "a request type accepts fewer values (a union member removed)",
  },
  "union-widened-in-request": {
    breaking: true,
    summary: "a request type accepts more values (a union member added)",
  },
  "union-narrowed-in-response": {
    breaking: true,
    summary: "a response type has fewer values (a union member removed)",
  },
  "union-widened-in-response": {
    breaking: true,
    summary: "a response type has more values (a union member added)",
  },
  "enum-member-removed": { breaking: true, summary: "an enum member was removed" },
  "enum-member-added": { breaking: true, summary: "an enum gained a member" },
  "constraint-tightened-in-request": {
    breaking: true,
    summary: "a constraint on a request value was tightened",
  },
  "constraint-loosened-in-response": {
    breaking: true,
    summary: "a constraint on a response value was loosened",
  },
  "error-added": {
    breaking: true,
    summary: "a method declares a new error (exhaustive callers miss it)",
  },
  "error-code-changed": { breaking: true, summary: "a declared error's code changed" },
  "service-added": { breaking: false, summary: "a service was added" },
  "method-added": { breaking: false, summary: "a method was added" },
  "optional-parameter-added": { breaking: false, summary: "an optional parameter was added" },
  "optional-field-added": { breaking: false, summary: "an optional field was added to a request" },
  "response-field-added": { breaking: false, summary: "a field was added to a response" },
  "request-field-removed": { breaking: false, summary: "a field was removed from a request" },
  "constraint-loosened-in-request": {
    breaking: false,
    summary: "a constraint on a request value was loosened",
  },
  "constraint-tightened-in-response": {
    breaking: false,
    summary: "a constraint on a response value was tightened",
  },
  "field-optional": { breaking: false, summary: "a required request field became optional" },
  "parameter-optional": { breaking: false, summary: "a required parameter became optional" },
  "error-removed": { breaking: false, summary: "a method no longer declares an error" },
} as const satisfies Record<string, { breaking: boolean; summary: string }>;

/** A rule's name, e.g. `required-field-added`. */
export type RuleName = keyof typeof rules;
