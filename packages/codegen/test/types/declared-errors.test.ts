/**
 * Type tests of declared errors (fixtures/idl/errors.ts): a handler raises only its method's
 * errors with their details, and a guarded caller sees each error's details. `tsc -b` checks
 * this file, so every `@ts-expect-error` below must meet a real error.
 */
import { describe, expectTypeOf, test } from "vitest";
import {
  type ErrorServiceErrors,
  type ErrorServiceHandlers,
  isErrorServiceError,
  type OutOfAreaError,
  type UnreachableError,
} from "../fixtures/gen/errors.js";

const bounds = { south: 0, west: 0, north: 1, east: 1 };

export const handlers: ErrorServiceHandlers = {
  route(from, _to, ctx) {
    if (from.lat > 1) throw ctx.error("OutOfArea", { point: "from", bounds }, "off the map");
    // @ts-expect-error route does not declare Forbidden
    if (from.lat > 2) throw ctx.error("Forbidden");
    // @ts-expect-error the details are OutOfArea's: point is "from" or "to"
    if (from.lat > 3) throw ctx.error("OutOfArea", { point: "middle", bounds });
    // @ts-expect-error OutOfArea's details have required properties
    if (from.lat > 4) throw ctx.error("OutOfArea");
    // Unreachable's details have none required: they may be left out.
    throw ctx.error("Unreachable");
  },
  async *routes(_from, ctx) {
    yield { distanceMeters: 1, path: [] };
    throw ctx.error("QuotaExhausted", { retryAt: new Date() });
  },
  place: (ref, ctx) => {
    throw ctx.error("PlaceArchived", ref);
  },
  ping(ctx) {
    // @ts-expect-error ping declares no error, so its context cannot raise one
    throw ctx.error("OutOfArea", { point: "to", bounds });
  },
};

describe("declared error types", () => {
  test("a guard narrows to the method's errors, and their type to each one's details", () => {
    const check = (error: unknown) => {
      if (!isErrorServiceError.route(error)) return;
      expectTypeOf(error).toEqualTypeOf<ErrorServiceErrors["route"]>();
      expectTypeOf(error).toEqualTypeOf<OutOfAreaError | UnreachableError>();
      switch (error.type) {
        case "OutOfArea":
          expectTypeOf(error.code).toEqualTypeOf<"out_of_range">();
          expectTypeOf(error.details.point).toEqualTypeOf<"from" | "to">();
          return;
        case "Unreachable":
          expectTypeOf(error.details.avoid).toEqualTypeOf<("tolls" | "highways")[] | undefined>();
          return;
        default:
          expectTypeOf(error).toBeNever();
      }
    };
    check(undefined);
  });
});
