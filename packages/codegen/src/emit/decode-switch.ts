import type { TypeNode } from "../ir/schema.js";
import { literalCode } from "./checks.js";
import { decodeObject } from "./decode-structures.js";
import type { DecoderWriter, Site } from "./decoders.js";
import { ownPropertyRead } from "./names.js";
import { stringLiteral } from "./printer.js";
import type { Tag } from "./type-facts.js";

/**
 * The decoder of a discriminated union: one `switch` on the tag, each case decoding its member
 * (the tag itself is not checked again), and a default naming the tags that exist.
 */
export function emitSwitch(
  w: DecoderWriter,
  members: readonly TypeNode[],
  discriminator: string,
  tags: readonly (readonly Tag[])[],
  site: Site,
): void {
  const { ctx, out } = w;
  out.line(
    `if (!${ctx.rt("isPlainObject")}(${site.read})) ${ctx.rt("expected")}(${site.path}, "object", ${site.read});`,
  );
  const tag = ownPropertyRead(site.read, discriminator);
  out.block(`switch (${tag})`, () => {
    members.forEach((member, i) => {
      const labels = (tags[i] ?? []).map((value) => `case ${literalCode(value)}:`);
      out.lines(labels.slice(0, -1));
      if (member.kind === "ref") {
        out.line(labels.at(-1) ?? "");
        out.indent(() =>
          out.line(`return ${ctx.decoderOf(member.id)}(${site.read}, ${site.path});`),
        );
        return;
      }
      out.block(labels.at(-1) ?? "", () =>
        w.nested(() => {
          // The switch has matched the tag already: the other properties are left to check.
          if (member.kind === "object") {
            const { properties, additional } = member;
            decodeObject(w, properties, additional, site, "object", discriminator);
            out.line(`return ${site.read};`);
            return;
          }
          const result = w.decode(member, site, "object");
          out.line(`return ${result ?? site.read};`);
        }),
      );
    });
    const all = stringLiteral(tags.flat().map(literalCode).join(" | "));
    out.line("default:");
    out.indent(() =>
      out.line(
        `return ${ctx.rt("expectedValue")}(${site.path.property(discriminator)}, ${all}, ${tag});`,
      ),
    );
  });
}
