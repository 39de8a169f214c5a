/**
 * Quotes the start of a byte stream for an error message: as a JSON string when it is mostly
 * printable text (what a stray `console.log` produces), otherwise as hex.
 */
export function previewBytes(bytes: Uint8Array): string {
  let printable = 0;
  for (const byte of bytes) {
    if ((byte >= 0x20 && byte < 0x7f) || byte === 0x0a || byte === 0x0d || byte === 0x09) {
      printable++;
    }
  }
  if (bytes.length > 0 && printable >= bytes.length * 0.9) {
    return JSON.stringify(Buffer.from(bytes).toString("utf8"));
  }
  return `bytes ${Buffer.from(bytes)
    .toString("hex")
    .replace(/(..)(?!$)/g, "$1 ")}`;
}
