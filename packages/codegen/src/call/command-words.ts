/**
 * Splits the command of a `stdio:` target into words the way a shell would for the simple
 * cases, and the way `spawnStdio` prints them: blanks separate words, double quotes hold a JSON
 * string (`"a b"`, `"say \"hi\""`), single quotes hold text as it is, a backslash escapes one
 * character. No variables, globs or pipes: the command is run without a shell. Returns the
 * words, or what is wrong.
 */
export function splitCommand(line: string): string[] | string {
  const words: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line.charAt(i);
    if (/\s/.test(char)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else if (char === '"') {
      const end = closingQuote(line, i);
      if (end === -1) return `unclosed " at column ${i + 1}`;
      word = (word ?? "") + (JSON.parse(line.slice(i, end + 1)) as string);
      i = end;
    } else if (char === "'") {
      const end = line.indexOf("'", i + 1);
      if (end === -1) return `unclosed ' at column ${i + 1}`;
      word = (word ?? "") + line.slice(i + 1, end);
      i = end;
    } else if (char === "\\" && i + 1 < line.length) {
      word = (word ?? "") + line.charAt(++i);
    } else {
      word = (word ?? "") + char;
    }
  }
  if (word !== undefined) words.push(word);
  return words;
}

/** The index of the `"` closing the JSON string that opens at `start`, or -1. */
function closingQuote(line: string, start: number): number {
  for (let i = start + 1; i < line.length; i++) {
    const char = line.charAt(i);
    if (char === "\\") i++;
    else if (char === '"') return i;
  }
  return -1;
}
