import type { CallContext } from "../server/handlers.js";

/**
 * Who may call a method:
 * - `"public"`: anyone, without credentials (the identity is still set when valid ones come);
 * - `"authenticated"`: any caller with valid credentials;
 * - a function of the identity and the call: true lets the call through, false refuses it
 *   with `permission_denied` (it may be async, e.g. to look up a role).
 */
export type AuthRule<I> =
  | "public"
  | "authenticated"
  | ((identity: I, ctx: CallContext) => boolean | Promise<boolean>);

/**
 * Rules by wire path: `"Service/method"` for one method, `"Service/*"` for the rest of a
 * service, `"*"` for everything else. The most specific key wins.
 */
export type AuthRules<I> = Readonly<Record<string, AuthRule<I>>>;

/** The rule for a call: its method's, else its service's, else `*`'s, else `fallback`. */
export function ruleFor<I>(
  rules: AuthRules<I>,
  ctx: CallContext,
  fallback: AuthRule<I>,
): AuthRule<I> {
  return (
    own(rules, `${ctx.service}/${ctx.method}`) ??
    own(rules, `${ctx.service}/*`) ??
    own(rules, "*") ??
    fallback
  );
}

/** A rule the user wrote, never one inherited from Object.prototype. */
function own<I>(rules: AuthRules<I>, key: string): AuthRule<I> | undefined {
  return Object.hasOwn(rules, key) ? rules[key] : undefined;
}

/** Checks every rule's shape up front, so a typo fails at startup rather than per call. */
export function checkRules<I>(rules: AuthRules<I>): void {
  for (const [key, rule] of Object.entries(rules)) {
    if (key !== "*" && !/^[^/]+\/[^/]+$/.test(key)) {
      throw new RangeError(
        `auth rule key ${JSON.stringify(key)} must be "Service/method", "Service/*" or "*"`,
      );
    }
    if (rule !== "public" && rule !== "authenticated" && typeof rule !== "function") {
      throw new RangeError(
        `auth rule for ${key} must be "public", "authenticated" or a function, got ${JSON.stringify(rule)}`,
      );
    }
  }
}
