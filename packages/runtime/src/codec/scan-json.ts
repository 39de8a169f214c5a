import { nodeBudget, overBudget, tooDeep } from "./budget.js";

const quote = 0x22;
const backslash = 0x5c;
const openBracket = 0x5b;
const openBrace = 0x7b;
const closeBracket = 0x5d;
const closeBrace = 0x7d;

/**
 * Walks JSON text as bytes, without parsing it, and refuses it before `JSON.parse` runs if it
 * nests deeper than `maxDepth` or opens more arrays and objects than {@link nodeBudget} allows.
 * Only brackets outside strings count; malformed text is left for the parser to report.
 */
export function scanJson(bytes: Uint8Array, maxDepth: number): void {
  const budget = nodeBudget(bytes.length);
  let depth = 0;
  let nodes = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i]!;
    if (inString) {
      if (byte === backslash) i++;
      else if (byte === quote) inString = false;
    } else if (byte === quote) inString = true;
    else if (byte === openBracket || byte === openBrace) {
      if (++depth > maxDepth) throw tooDeep(maxDepth);
      if (++nodes > budget) throw overBudget(bytes.length);
    } else if (byte === closeBracket || byte === closeBrace) depth--;
  }
}
