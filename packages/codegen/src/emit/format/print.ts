import { type Doc, type GroupId, isArray, type Mode, propagateExpand } from "./doc.js";
import { textWidth } from "./width.js";

/**
 * Prints a document the way Biome's printer does (biome_formatter/src/printer): a group is
 * flat when its content, and what follows it up to the next possible line break, fits in the
 * line width; fills put as many items on a line as fit; best-fitting elements take the first
 * variant that fits. Matching Biome's rules here, not Prettier's, is what makes the output
 * byte-identical to `biome format`.
 */

/** Biome's `lineWidth` for generated code. */
export const printWidth = 100;
const indentWidth = 2;

interface Command {
  readonly doc: Doc;
  readonly indent: number;
  readonly mode: Mode;
  /** For a fill: the index of the next item to print. */
  readonly from?: number;
}

interface FitsState {
  width: number;
  pendingSpace: boolean;
  pendingIndent: number;
}

/** Prints `doc` with a final newline. */
export function printDoc(doc: Doc): string {
  propagateExpand(doc);
  return new Printer().print(doc);
}

class Printer {
  readonly #out: string[] = [];
  readonly #stack: Command[] = [];
  readonly #groupModes = new Map<GroupId, Mode>();
  #width = 0;
  #pendingIndent = 0;
  #pendingSpace = false;
  #measuredFits = false;
  #hasEmptyLine = false;

  print(doc: Doc): string {
    this.#stack.push({ doc, indent: 0, mode: "expanded" });
    for (let cmd = this.#stack.pop(); cmd !== undefined; cmd = this.#stack.pop()) {
      this.#command(cmd);
    }
    return this.#out.join("");
  }

  #command(cmd: Command): void {
    const { doc, indent, mode } = cmd;
    if (typeof doc === "string") {
      this.#text(doc);
      return;
    }
    if (isArray(doc)) {
      for (let i = doc.length - 1; i >= 0; i--) {
        this.#stack.push({ doc: doc[i] as Doc, indent, mode });
      }
      return;
    }
    switch (doc.kind) {
      case "space":
        if (this.#width > 0) this.#pendingSpace = true;
        return;
      case "line":
        if (mode === "flat") {
          if (doc.mode === "softOrSpace" && this.#width > 0) this.#pendingSpace = true;
          if (doc.mode === "soft" || doc.mode === "softOrSpace") return;
          this.#measuredFits = false;
        }
        if (this.#width > 0) this.#newline();
        if (doc.mode === "empty" && !this.#hasEmptyLine) {
          this.#newline();
          this.#hasEmptyLine = true;
        }
        this.#pendingSpace = false;
        this.#pendingIndent = indent;
        return;
      case "group": {
        let groupMode: Mode;
        if (doc.expand) groupMode = "expanded";
        else if (mode === "flat" && this.#measuredFits) groupMode = "flat";
        else {
          this.#measuredFits = true;
          if (doc.id !== undefined) this.#groupModes.set(doc.id, "flat");
          const flat: Command = { doc: doc.contents, indent, mode: "flat" };
          groupMode = this.#fits(flat) ? "flat" : "expanded";
        }
        if (doc.id !== undefined) this.#groupModes.set(doc.id, groupMode);
        this.#stack.push({ doc: doc.contents, indent, mode: groupMode });
        return;
      }
      case "indent":
        this.#stack.push({ doc: doc.contents, indent: indent + indentWidth, mode });
        return;
      case "conditional": {
        const actual = doc.groupId === undefined ? mode : this.#modeOf(doc.groupId);
        if (actual === doc.mode) this.#stack.push({ doc: doc.contents, indent, mode });
        return;
      }
      case "indentIfGroupBreaks": {
        const extra = this.#modeOf(doc.groupId) === "expanded" ? indentWidth : 0;
        this.#stack.push({ doc: doc.contents, indent: indent + extra, mode });
        return;
      }
      case "fill":
        this.#fill(cmd, doc.parts);
        return;
      case "bestFitting":
        this.#bestFitting(cmd, doc.variants);
        return;
      case "expandParent":
        return;
    }
  }

  #modeOf(id: GroupId): Mode {
    const mode = this.#groupModes.get(id);
    if (mode === undefined) throw new Error("rpcgen format: a group is referred to before it");
    return mode;
  }

  #text(text: string): void {
    if (text === "") return;
    if (this.#pendingIndent > 0) {
      this.#out.push(" ".repeat(this.#pendingIndent));
      this.#width += this.#pendingIndent;
      this.#pendingIndent = 0;
    }
    if (this.#pendingSpace) {
      this.#out.push(" ");
      this.#width++;
      this.#pendingSpace = false;
    }
    this.#out.push(text);
    this.#width += textWidth(text);
    this.#hasEmptyLine = false;
  }

  #newline(): void {
    this.#out.push("\n");
    this.#width = 0;
    this.#measuredFits = false;
  }

  /**
   * Biome's fill: an item is printed flat when it fits; the separator after it breaks unless
   * the next item fits on the same line too.
   */
  #fill(cmd: Command, parts: readonly Doc[]): void {
    const from = cmd.from ?? 0;
    const item = parts[from];
    if (item === undefined) return;
    if (cmd.mode === "flat" && this.#measuredFits) {
      this.#stack.push({ doc: parts.slice(from), indent: cmd.indent, mode: "flat" });
      return;
    }
    const separator = parts[from + 1];
    const next = parts[from + 2];
    const start = this.#state();
    const fitsItem = this.#fitsEntry(item, cmd.indent, "flat", start);
    let itemMode: Mode = fitsItem ? "flat" : "expanded";
    let separatorMode: Mode = "expanded";
    if (fitsItem && separator !== undefined && next !== undefined) {
      if (!this.#fitsEntry(separator, cmd.indent, "flat", start)) {
        const again = this.#state();
        this.#fitsEntry(item, cmd.indent, "flat", again);
        itemMode = this.#fitsEntry(separator, cmd.indent, "expanded", again) ? "flat" : "expanded";
      } else if (this.#fitsEntry(next, cmd.indent, "flat", start)) {
        separatorMode = "flat";
      }
    }
    this.#measuredFits = true;
    if (separator !== undefined) {
      this.#stack.push({ ...cmd, from: from + 2 });
      this.#stack.push({ doc: separator, indent: cmd.indent, mode: separatorMode });
    }
    this.#stack.push({ doc: item, indent: cmd.indent, mode: itemMode });
  }

  #bestFitting(cmd: Command, variants: readonly Doc[]): void {
    const { indent } = cmd;
    if (cmd.mode === "flat" && this.#measuredFits) {
      this.#stack.push({ doc: variants[0] as Doc, indent, mode: "flat" });
      return;
    }
    this.#measuredFits = true;
    for (const variant of variants.slice(0, -1)) {
      const flat: Command = { doc: variant, indent, mode: "flat" };
      if (this.#fits(flat)) {
        this.#stack.push(flat);
        return;
      }
    }
    this.#stack.push({ doc: variants.at(-1) as Doc, indent, mode: "expanded" });
  }

  #state(): FitsState {
    return {
      width: this.#width,
      pendingSpace: this.#pendingSpace,
      pendingIndent: this.#pendingIndent,
    };
  }

  /** Whether `next` and what follows it fit up to the next line break (Biome's `fits`). */
  #fits(next: Command): boolean {
    return this.#measure([next], this.#state(), false, true) !== false;
  }

  /** Whether one fill entry fits flat, continuing the measurement in `state`. */
  #fitsEntry(doc: Doc, indent: number, mode: Mode, state: FitsState): boolean {
    return this.#measure([{ doc, indent, mode }], state, true, false) !== false;
  }

  /**
   * Measures `cmds` (and the rest of the print stack when `withRest`), updating `state`. Returns
   * false when the line overflows, true at a line break that ends the measurement, undefined
   * when everything was measured.
   */
  #measure(
    cmds: Command[],
    state: FitsState,
    mustBeFlat: boolean,
    withRest: boolean,
  ): boolean | undefined {
    let rest = withRest ? this.#stack.length : 0;
    for (;;) {
      let cmd = cmds.pop();
      if (cmd === undefined) {
        if (rest === 0) return withRest ? true : undefined;
        cmd = this.#stack[--rest] as Command;
      }
      const { doc, indent, mode } = cmd;
      if (typeof doc === "string") {
        if (doc === "") continue;
        state.width += state.pendingIndent + (state.pendingSpace ? 1 : 0) + textWidth(doc);
        state.pendingIndent = 0;
        if (state.width > printWidth) return false;
        state.pendingSpace = false;
        continue;
      }
      if (isArray(doc)) {
        for (let i = doc.length - 1; i >= 0; i--) cmds.push({ doc: doc[i] as Doc, indent, mode });
        continue;
      }
      switch (doc.kind) {
        case "space":
          if (doc.hard) {
            state.width++;
            if (state.width > printWidth) return false;
          } else if (state.width > 0) state.pendingSpace = true;
          break;
        case "line":
          if (mode === "expanded" || doc.mode === "hard" || doc.mode === "empty") return true;
          if (doc.mode === "softOrSpace") state.pendingSpace = true;
          break;
        case "group": {
          if (mustBeFlat && doc.expand) return false;
          const groupMode: Mode = doc.expand ? "expanded" : mode;
          if (doc.id !== undefined) this.#groupModes.set(doc.id, groupMode);
          cmds.push({ doc: doc.contents, indent, mode: groupMode });
          break;
        }
        case "indent":
        case "indentIfGroupBreaks":
          cmds.push({ doc: doc.contents, indent, mode });
          break;
        case "conditional": {
          const known = doc.groupId === undefined ? undefined : this.#groupModes.get(doc.groupId);
          if ((known ?? mode) === doc.mode) cmds.push({ doc: doc.contents, indent, mode });
          break;
        }
        case "fill":
          cmds.push({ doc: doc.parts.slice(cmd.from ?? 0), indent, mode });
          break;
        case "bestFitting": {
          const variant = mode === "flat" ? doc.variants[0] : doc.variants.at(-1);
          cmds.push({ doc: variant as Doc, indent, mode });
          break;
        }
        case "expandParent":
          if (mustBeFlat) return false;
          break;
      }
    }
  }
}
