/**
 * Literal tokens as Biome normalizes them: string quotes (double unless the text holds more
 * double than single quotes), unquoted object keys where an identifier will do, and canonical
 * number spelling (`1e+21` becomes `1e21`).
 */

/** A string literal (`raw`, with its quotes, as written) with Biome's quote choice. */
export function normalizeString(raw: string): string {
  const current = raw.charAt(0);
  const content = raw.slice(1, -1);
  let doubles = 0;
  let singles = 0;
  for (const char of content) {
    if (char === '"') doubles++;
    else if (char === "'") singles++;
  }
  const preferred = doubles > singles ? "'" : '"';
  const alternate = preferred === '"' ? "'" : '"';
  const changes = current !== preferred;
  let out = "";
  for (let i = 0; i < content.length; i++) {
    const char = content.charAt(i);
    if (char === "\\" && i + 1 < content.length) {
      const escaped = content.charAt(i + 1);
      // An escaped quote of the other kind needs no backslash once the quotes change.
      out += changes && escaped === alternate ? escaped : char + escaped;
      i++;
    } else {
      out += char === preferred ? `\\${char}` : char;
    }
  }
  return preferred + out + preferred;
}

const identifier = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;

/** An object key written as a string: unquoted when it is an identifier (Biome's as-needed). */
export function normalizeKey(raw: string): string {
  const content = raw.slice(1, -1);
  // `new` stays quoted; so do numbers, which TypeScript files never unquote.
  if (content !== "new" && identifier.test(content)) return content;
  return normalizeString(raw);
}

/** A number literal in Biome's spelling: lower case, no `+` or leading zeros in the exponent, no trailing zeros in the fraction. */
export function normalizeNumber(raw: string): string {
  const text = raw.toLowerCase();
  if (/^0[xbo]/.test(text) || /[xbo]/.test(text)) return text;
  const sign = /^[+-]/.test(text) ? text.charAt(0) : "";
  const body = sign === "" ? text : text.slice(1);
  const [mantissa = "", exponent] = body.split("e");
  let [whole = "", fraction] = mantissa.split(".");
  if (whole === "") whole = "0";
  fraction = fraction?.replace(/0+$/, "");
  let result = sign + whole + (fraction === undefined || fraction === "" ? "" : `.${fraction}`);
  if (exponent !== undefined) {
    const negative = exponent.startsWith("-");
    const digits = exponent.replace(/^[+-]/, "").replace(/^0+/, "");
    if (digits !== "") result += `e${negative ? "-" : ""}${digits}`;
  }
  return result;
}

/** A regular expression literal with its flags sorted, as Biome writes it. */
export function normalizeRegex(raw: string): string {
  const end = raw.lastIndexOf("/");
  const flags = [...raw.slice(end + 1)].sort().join("");
  return raw.slice(0, end + 1) + flags;
}
