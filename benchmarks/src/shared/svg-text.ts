/** SVG pieces both charts (bars, lines) write. */

/** A `<text>` element at (x, y), its content escaped. */
export function text(
  x: number,
  y: number,
  content: string,
  style: { anchor?: string; weight?: string; size?: number; fill?: string } = {},
): string {
  const attrs = [
    `x="${x.toFixed(1)}"`,
    `y="${y.toFixed(1)}"`,
    style.anchor === undefined ? "" : `text-anchor="${style.anchor}"`,
    style.weight === undefined ? "" : `font-weight="${style.weight}"`,
    style.size === undefined ? "" : `font-size="${style.size}"`,
    `fill="${style.fill ?? "#222"}"`,
  ].filter((a) => a !== "");
  return `<text ${attrs.join(" ")}>${escapeXml(content)}</text>`;
}

/** Text made safe for SVG content and attribute values in double quotes. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}
