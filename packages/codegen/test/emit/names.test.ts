import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compareNames, compareSources, ImportTracker } from "../../src/emit/imports.js";
import {
  NameRegistry,
  ownPropertyRead,
  propertyAccess,
  propertyKey,
  sanitize,
} from "../../src/emit/names.js";
import { named, schema, t } from "../fixtures/ir-handwritten/build.js";
import { scratch, writeGenerated } from "./support.js";

describe("sanitize", () => {
  it("turns schema ids into identifier fragments", () => {
    expect(sanitize("Page<Route>")).toBe("Page_Route");
    expect(sanitize("Name@2")).toBe("Name_2");
    expect(sanitize("Map<string, Foo[]>")).toBe("Map_string_Foo");
    expect(sanitize("2d")).toBe("_2d");
    expect(sanitize("display-name")).toBe("display_name");
    expect(sanitize("<>")).toBe("_");
  });
});

describe("NameRegistry", () => {
  it("numbers module-level names that collide", () => {
    const names = new NameRegistry();
    expect(names.module("decodePage_Route")).toBe("decodePage_Route");
    expect(names.module("decodePage_Route")).toBe("decodePage_Route2");
    expect(names.module("item1")).toBe("item1");
    expect(names.module("item1")).toBe("item1_2");
  });

  it("keeps locals off reserved words, restricted globals and module names", () => {
    const names = new NameRegistry();
    names.claim("expected");
    const scope = names.scope();
    expect(scope.local("class")).toBe("class_");
    expect(scope.local("constructor")).toBe("constructor_");
    expect(scope.local("undefined")).toBe("undefined_");
    expect(scope.local("expected")).toBe("expected2");
    expect(scope.local("value")).toBe("value2");
    expect(scope.local("display-name")).toBe("display_name");
  });

  it("never hands a module-level name that a local already took", () => {
    const names = new NameRegistry();
    names.scope().local("decodeFoo");
    expect(names.module("decodeFoo")).toBe("decodeFoo2");
  });

  it("lets sibling blocks reuse a name but not nested ones", () => {
    const scope = new NameRegistry().scope();
    const loop = scope.child();
    expect(loop.local("i")).toBe("i");
    expect(loop.child().local("i")).toBe("i2");
    expect(scope.child().local("i")).toBe("i");
  });

  it("refuses to claim an exact name twice", () => {
    const names = new NameRegistry();
    names.claim("PathServiceDef");
    expect(() => names.claim("PathServiceDef")).toThrow(/used twice/);
  });
});

describe("property access", () => {
  it("uses dots for identifiers and quoted keys otherwise", () => {
    expect(propertyAccess("value", "lat")).toBe("value.lat");
    expect(propertyAccess("value", "display-name")).toBe('value["display-name"]');
    expect(propertyKey("lat")).toBe("lat");
    expect(propertyKey("display-name")).toBe('"display-name"');
  });

  it("writes __proto__ as a computed key, which defines a property instead of a prototype", () => {
    expect(propertyKey("__proto__")).toBe('["__proto__"]');
  });

  it("reads names Object.prototype has as own properties only", () => {
    expect(ownPropertyRead("value", "toString")).toBe(
      '(Object.hasOwn(value, "toString") ? value.toString : undefined)',
    );
    expect(ownPropertyRead("value", "lat")).toBe("value.lat");
  });
});

describe("generated names", () => {
  it("gives colliding type ids distinct decoders, named in id order", () => {
    const page = t.object({ n: t.number() });
    const other = t.object({ s: t.string() });
    const ir = schema(
      "ids.idl.ts",
      "./path.idl.js",
      [named("Page<Route>", page), named("Page_Route", other)],
      [],
    );
    const { code } = writeGenerated(ir, "names-ids", "path.idl.ts");
    // Nothing refers to either type, so neither is written; name them through a service.
    expect(code).not.toContain("decodePage_Route");
    const used = schema(
      "ids.idl.ts",
      "./path.idl.js",
      [named("Page<Route>", page), named("Page_Route", other)],
      [
        {
          name: "PathService",
          methods: [
            {
              name: "shortestPath",
              kind: "unary",
              params: [{ name: "a", type: t.ref("Page_Route"), optional: false }],
              response: t.ref("Page<Route>"),
            },
          ],
        },
      ],
    );
    const generated = writeGenerated(used, "names-ids-used", "path.idl.ts");
    expect(generated.code).toContain("function decodePage_Route(value: unknown, path: string)");
    expect(generated.code).toContain("function decodePage_Route2(value: unknown, path: string)");
    expect(generated.code).toContain('decodeRequest: (value) => decodePage_Route2(value, "a")');
    expect(generated.code).toContain(
      'decodeResponse: (value) => decodePage_Route(value, "response")',
    );
  });
});

describe("import order", () => {
  it("sorts names the way Biome's organizeImports does", () => {
    const names = [
      "method",
      "MethodKind",
      "Methods",
      "a10",
      "a2",
      "a_b",
      "A",
      "ab",
      "aB",
      "_x",
      "$y",
    ];
    expect([...names].sort(compareNames)).toEqual([
      "_x",
      "$y",
      "A",
      "a_b",
      "a2",
      "a10",
      "aB",
      "ab",
      "MethodKind",
      "Methods",
      "method",
    ]);
  });

  it("puts packages before relative paths, farthest first", () => {
    const sources = ["./a.js", "../a.js", "@rpcgen/runtime", "../../a.js", "./a/b.js", "node:fs"];
    expect([...sources].sort(compareSources)).toEqual([
      "node:fs",
      "@rpcgen/runtime",
      "../../a.js",
      "../a.js",
      "./a/b.js",
      "./a.js",
    ]);
  });

  it("prints imports Biome leaves as they are", () => {
    const imports = new ImportTracker();
    for (const name of ["createClient", "expected", "isPlainObject", "decodeDate", "dropUnknown"]) {
      imports.value(name, "@rpcgen/runtime");
    }
    for (const name of ["ServiceDescriptor", "ClientOf", "HandlersOf", "ClientTransport"]) {
      imports.type(name, "@rpcgen/runtime");
    }
    imports.type("Zeta", "../idl/b.js");
    imports.type("Alpha", "../idl/b.js");
    imports.type("Beta", "./local.js");
    imports.type("Gamma", "../../far.js");
    const code = `${imports.render().join("\n")}\n\nexport type X = [Alpha, Beta, Gamma, Zeta, ServiceDescriptor, ClientOf<1>, HandlersOf<1>, ClientTransport];\nexport const y = [createClient, expected, isPlainObject, decodeDate, dropUnknown];\n`;
    const biome = join(scratch, "..", "..", "..", "..", "node_modules", ".bin", "biome");
    const checked = execFileSync(
      biome,
      [
        "check",
        "--write",
        "--linter-enabled=false",
        "--formatter-enabled=false",
        "--stdin-file-path=imports.ts",
      ],
      { input: code, encoding: "utf8" },
    );
    expect(checked).toBe(code);
  });
});
