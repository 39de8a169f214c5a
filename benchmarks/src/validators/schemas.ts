import { Ajv } from "ajv";
import { z } from "zod";

/**
 * The benchmark's message types written for each validator, by hand, as a user of that library
 * would write them, to accept and reject what rpcgen's generated decoders (from
 * packages/codegen/test/fixtures/idl/path.ts) accept and reject:
 *
 *   interface LatLon { lat: number; lon: number }
 *   interface PathRequest { from: LatLon; to: LatLon; avoid?: ("tolls" | "highways")[] }
 *   interface Route { distanceMeters: number; etaSeconds: number; path: LatLon[] }
 *
 * Unknown keys are dropped by all three: zod's `z.object` strips by default (into a new
 * object), Ajv's `removeAdditional: true` deletes keys wherever `additionalProperties` is
 * false, rpcgen's decoders delete them in place. One difference remains: rpcgen's numbers
 * reject NaN but accept ±Infinity; zod and Ajv (strictNumbers, its default) reject both.
 */

/** Accepts or rejects one value; what each adapter around a library returns. */
export type Check = (value: unknown) => boolean;

export interface ValidatorSet {
  readonly PathRequest: Check;
  readonly Route: Check;
}

const zLatLon = z.object({ lat: z.number(), lon: z.number() });
export const zodSchemas = {
  PathRequest: z.object({
    from: zLatLon,
    to: zLatLon,
    avoid: z.array(z.enum(["tolls", "highways"])).optional(),
  }),
  Route: z.object({
    distanceMeters: z.number(),
    etaSeconds: z.number(),
    path: z.array(zLatLon),
  }),
};

const latLonJson = {
  type: "object",
  properties: { lat: { type: "number" }, lon: { type: "number" } },
  required: ["lat", "lon"],
  additionalProperties: false,
} as const;

export const jsonSchemas = {
  PathRequest: {
    type: "object",
    properties: {
      from: { $ref: "#/$defs/LatLon" },
      to: { $ref: "#/$defs/LatLon" },
      avoid: { type: "array", items: { enum: ["tolls", "highways"] } },
    },
    required: ["from", "to"],
    additionalProperties: false,
    $defs: { LatLon: latLonJson },
  },
  Route: {
    type: "object",
    properties: {
      distanceMeters: { type: "number" },
      etaSeconds: { type: "number" },
      path: { type: "array", items: { $ref: "#/$defs/LatLon" } },
    },
    required: ["distanceMeters", "etaSeconds", "path"],
    additionalProperties: false,
    $defs: { LatLon: latLonJson },
  },
} as const;

/** zod 4: `safeParse`, success or not (the parsed copy is in `.data`). */
export function zodValidators(): ValidatorSet {
  const { PathRequest, Route } = zodSchemas;
  return {
    PathRequest: (value) => PathRequest.safeParse(value).success,
    Route: (value) => Route.safeParse(value).success,
  };
}

export function zodParse(type: keyof ValidatorSet, value: unknown): unknown {
  const result = zodSchemas[type].safeParse(value);
  return result.success ? result.data : undefined;
}

export function zodError(type: keyof ValidatorSet, value: unknown): string | undefined {
  const result = zodSchemas[type].safeParse(value);
  if (result.success) return undefined;
  const issue = result.error.issues[0];
  return issue === undefined ? "?" : `${issue.path.join(".")}: ${issue.message}`;
}

/** Ajv 8: one compiled function per type; it deletes unknown keys from its input. */
export function ajvValidators(): ValidatorSet & { errors: (value: unknown) => string | undefined } {
  const ajv = new Ajv({ removeAdditional: true });
  const PathRequest = ajv.compile(jsonSchemas.PathRequest);
  const Route = ajv.compile(jsonSchemas.Route);
  return {
    PathRequest: (value) => PathRequest(value),
    Route: (value) => Route(value),
    errors(value) {
      if (Route(value)) return undefined;
      const error = Route.errors?.[0];
      return error === undefined ? "?" : `${error.instancePath}: ${error.message ?? "?"}`;
    },
  };
}

/** A generated method's decoders, as `PathServiceDef.methods.shortestPath` carries them. */
export interface GeneratedDecoders {
  readonly decodeRequest: (value: unknown) => unknown;
  readonly decodeResponse: (value: unknown) => unknown;
}

/** rpcgen: the generated decoders throw an RpcError (invalid_argument) on a bad value. */
export function rpcgenValidators(decoders: GeneratedDecoders): ValidatorSet {
  const { decodeRequest, decodeResponse } = decoders;
  return {
    PathRequest(value) {
      try {
        decodeRequest(value);
        return true;
      } catch {
        return false;
      }
    },
    Route(value) {
      try {
        decodeResponse(value);
        return true;
      } catch {
        return false;
      }
    },
  };
}
