/**
 * Output size (issue 12, docs/codegen.md#output-size), on the golden module of
 * fixtures/idl/shared.ts: a structure is decoded by one function however many names and
 * properties it has, and a big object's plain properties are checked against one field table,
 * with the same results and messages as the inline checks.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as module from "../fixtures/gen/shared.js";
import { codecsOf, expectInvalid, fresh } from "./support.js";

const code = readFileSync(new URL("../fixtures/gen/shared.ts", import.meta.url), "utf8");
const count = (text: string) => code.split(text).length - 1;
const repository = () => codecsOf(module, "Shapes", "repository");

const valid = {
  id: 1,
  node_id: "R_1",
  name: "rpcgen",
  full_name: "rpcgen/rpcgen",
  private: false,
  description: null,
  fork: false,
  url: "https://example.com/rpcgen",
  size: 12,
  visibility: "public",
  forks_count: 3,
  stargazers_count: 40,
  watchers_count: 40,
  default_branch: "main",
  pushed_at: "2026-12-02T10:00:00.000Z",
  owner: { login: "octo", site_admin: false },
  security: { secret_scanning: { status: "enabled" } },
  app: null,
};

describe("structures written once", () => {
  it("decodes named types of one structure with one function", () => {
    expect(count("function decodeIntegration(")).toBe(1);
    expect(code).not.toContain("function decodeNullableIntegration(");
    expect(codecsOf(module, "Shapes", "nullableIntegration").decodeResponse(null)).toBeNull();
    expectInvalid(
      () =>
        codecsOf(module, "Shapes", "nullableIntegration").decodeResponse({
          id: 1,
          slug: "x",
          owner: { login: "a" },
        }),
      "response.owner.site_admin: expected boolean, got undefined",
    );
  });

  it("decodes an anonymous object repeated under several properties with one function", () => {
    expect(count("function decodeSecurityAndAnalysis_advanced_security(")).toBe(1);
    expect(count("decodeSecurityAndAnalysis_advanced_security(")).toBe(4);
    // Repository.owner has the structure of Integration.owner: the same function.
    expect(count("function decodeIntegration_owner(")).toBe(1);
    expectInvalid(
      () =>
        repository().decodeRequest(
          fresh({ ...valid, security: { push_protection: { status: "on" } } }),
        ),
      'repository.security.push_protection.status: expected "enabled" | "disabled", got "on"',
    );
  });
});

describe("a big object checked against a field table", () => {
  it("keeps declared properties, converts the rest, drops unknown keys", () => {
    const decoded = repository().decodeRequest(
      fresh({ ...valid, extra: 1, homepage: null, is_template: true, merge_policy: "all" }),
    ) as Record<string, unknown>;
    expect(decoded).toEqual({
      ...valid,
      homepage: null,
      is_template: true,
      merge_policy: "all",
      pushed_at: new Date(valid.pushed_at),
    });
  });

  it("accepts properties in any order", () => {
    const reversed = Object.fromEntries(Object.entries(fresh(valid)).reverse());
    expect(repository().decodeRequest(reversed)).toMatchObject({ id: 1, visibility: "public" });
  });

  it("refuses each wrong property with the message an inline check gives", () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ size: "12" }, "repository.size: expected number, got string"],
      [{ size: Number.NaN }, "repository.size: expected number, got NaN"],
      [{ description: 5 }, "repository.description: expected string | null, got number"],
      [{ homepage: 5 }, "repository.homepage: expected string | null, got number"],
      [{ fork: null }, "repository.fork: expected boolean, got null"],
      [
        { visibility: "secret" },
        'repository.visibility: expected "public" | "private" | "internal", got "secret"',
      ],
      [
        { merge_policy: 1 },
        'repository.merge_policy: expected "all" | "collaborators_only", got 1',
      ],
      [{ name: undefined }, "repository.name: expected string, got undefined"],
    ];
    for (const [change, message] of cases) {
      expectInvalid(() => repository().decodeRequest({ ...fresh(valid), ...change }), message);
    }
  });

  it("names the first missing required property in declaration order", () => {
    const { node_id: _node, default_branch: _branch, ...rest } = fresh(valid);
    expectInvalid(
      () => repository().decodeRequest(rest),
      "repository.node_id: expected string, got undefined",
    );
  });
});
