import { describe, expect, it } from "vitest";
import { CodePrinter, jsdoc, stringLiteral, templateText } from "../../src/emit/printer.js";

describe("string literals", () => {
  it("never hold a dollar-brace, which Biome would take for a mistyped template literal", () => {
    const text = ["cost: $", "{price}"].join("");
    expect(stringLiteral(text)).toBe('"cost: \\u0024{price}"');
    expect(JSON.parse(stringLiteral(text))).toBe(text);
  });

  it("escape quotes, backslashes, control characters and line separators", () => {
    const text = 'say "hi" \\ then\nnew line\u2028and\u2029more';
    const literal = stringLiteral(text);
    expect(literal).toBe('"say \\"hi\\" \\\\ then\\nnew line\\u2028and\\u2029more"');
    expect(JSON.parse(literal)).toBe(text);
  });
});

describe("template text", () => {
  it("escapes backticks, backslashes and dollar-brace so user text cannot interpolate", () => {
    // Built from pieces so no literal here holds a template placeholder.
    const text = ["a", "`", "b\\c", "$", "{path}d$e"].join("");
    const code = ["`", templateText(text), "`"].join("");
    expect(code).toBe(["`a\\`b\\\\c\\$", "{path}d$e`"].join(""));
    expect(new Function(`return ${code};`)()).toBe(text);
  });
});

describe("JSDoc", () => {
  it("is one line for one line of text", () => {
    expect(jsdoc("A point on the map.")).toEqual(["/** A point on the map. */"]);
  });

  it("keeps each line of a longer text", () => {
    expect(jsdoc("First.\n\n@minimum 0")).toEqual([
      "/**",
      " * First.",
      " *",
      " * @minimum 0",
      " */",
    ]);
  });

  it("cannot be closed early by */ in the text", () => {
    const [line] = jsdoc("ends */ here");
    expect(line).toBe("/** ends *\\/ here */");
    expect(line?.indexOf("*/")).toBe((line?.length ?? 0) - 2);
  });

  it("is empty for missing or blank text", () => {
    expect(jsdoc(undefined)).toEqual([]);
    expect(jsdoc("  \n ")).toEqual([]);
  });
});

describe("CodePrinter", () => {
  it("indents blocks and never prints two blank lines in a row", () => {
    const out = new CodePrinter();
    out.line("const a = 1;").blank().blank();
    out.block("function f()", () => {
      out.blank();
      out.line("return a;");
    });
    expect(out.toString()).toBe("const a = 1;\n\nfunction f() {\n  return a;\n}\n");
  });

  it("puts a one-statement branch on one line, but not a declaration", () => {
    const out = new CodePrinter();
    out.branch("if (x)", ["y();"]);
    out.branch("if (x)", ["const y = 1;"]);
    out.branch("else", ["if (z) w();"]);
    expect(out.toString()).toBe("if (x) y();\nif (x) {\n  const y = 1;\n}\nelse if (z) w();\n");
  });
});
