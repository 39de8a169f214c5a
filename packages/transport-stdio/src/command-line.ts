/**
 * A command and its arguments as one readable line for URLs and error messages: arguments
 * with spaces, quotes or nothing in them are quoted, so the line can be pasted into a shell.
 */
export function commandLine(command: string, args: readonly string[]): string {
  return [command, ...args].map(quote).join(" ");
}

function quote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : JSON.stringify(word);
}
