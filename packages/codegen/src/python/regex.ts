/**
 * `@pattern` sources are JavaScript regular expressions (with the `u` flag); Python's `re`
 * reads most of them alike. This rewrites what it reads differently: `$` (Python also matches
 * before a final newline), `.` (JavaScript stops at \r, \u2028 and \u2029 too), `\d` and `\w`
 * (ASCII in JavaScript, Unicode in Python), named groups and `\u{...}`. What `re` cannot do
 * (Unicode property classes but `\p{L}`) is refused rather than checked differently.
 */

/** The pattern as a Python string literal (raw when it can be). */
export function pythonPattern(source: string): string {
  const text = translate(source);
  if (!text.includes('"') && !text.includes("\n") && !/(^|[^\\])(\\\\)*\\$/.test(text)) {
    return `r"${text}"`;
  }
  return JSON.stringify(text);
}

const outside: Record<string, string> = {
  d: "[0-9]",
  D: "[^0-9]",
  w: "[A-Za-z0-9_]",
  W: "[^A-Za-z0-9_]",
  "/": "/",
};
const inside: Record<string, string> = { d: "0-9", w: "A-Za-z0-9_", "/": "/" };

function translate(source: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const char = source.charAt(i);
    if (char === "\\") {
      const next = source.charAt(++i);
      const table = inClass ? inside : outside;
      if (table[next] !== undefined) out += table[next];
      else if (next === "u" && source.charAt(i + 1) === "{") {
        const end = source.indexOf("}", i);
        out += `\\U${source.slice(i + 2, end).padStart(8, "0")}`;
        i = end;
      } else if (next === "k" && source.charAt(i + 1) === "<") {
        const end = source.indexOf(">", i);
        out += `(?P=${source.slice(i + 2, end)})`;
        i = end;
      } else if (next === "p" || next === "P") {
        const end = source.indexOf("}", i);
        const name = source.slice(i + 2, end);
        if (inClass || !["L", "Letter"].includes(name)) {
          throw new Error(
            `rpcgen python: @pattern ${JSON.stringify(source)} uses \\${next}{${name}}, which Python's re cannot check`,
          );
        }
        out += next === "p" ? "[^\\W\\d_]" : "[\\W\\d_]";
        i = end;
      } else if (next === "c") {
        throw new Error(
          `rpcgen python: @pattern ${JSON.stringify(source)} uses \\c, which Python's re cannot check`,
        );
      } else if (next === "0") out += "\\x00";
      else out += `\\${next}`;
      continue;
    }
    if (inClass) {
      if (char === "]") inClass = false;
      out += char;
      continue;
    }
    if (char === "[") {
      if (source.startsWith("[^]", i)) {
        out += "[\\s\\S]";
        i += 2;
        continue;
      }
      inClass = true;
      out += char;
      if (source.charAt(i + 1) === "^") out += source.charAt(++i);
      // A `]` first in a class is literal in Python but closes an empty class in JavaScript.
      if (source.charAt(i + 1) === "]")
        throw new Error(`rpcgen python: empty class in @pattern ${JSON.stringify(source)}`);
      continue;
    }
    if (char === "$") out += "\\Z";
    else if (char === ".") out += "[^\\n\\r\\u2028\\u2029]";
    else if (source.startsWith("(?<", i) && !"=!".includes(source.charAt(i + 3))) {
      out += "(?P<";
      i += 2;
    } else out += char;
  }
  return out;
}
