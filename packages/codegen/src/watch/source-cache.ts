import ts from "../typescript.cjs";

/**
 * The source files of the previous runs, by path. A file is read and parsed once, then served
 * as the same object until it changes: TypeScript reuses an unchanged source file's parse and
 * binding, and recognizes an old program's file as unchanged by that identity.
 */
export class SourceFileCache {
  readonly #files = new Map<string, ts.SourceFile>();

  /** A compiler host for `options` whose source files come from this cache. */
  host(options: ts.CompilerOptions): ts.CompilerHost {
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
      const cached = this.#files.get(fileName);
      if (cached !== undefined) return cached;
      const file = read(fileName, languageVersion, onError, shouldCreate);
      if (file !== undefined) this.#files.set(fileName, file);
      return file;
    };
    return host;
  }

  /** Reads `path` again next time: it changed, appeared or went away. */
  forget(path: string): void {
    this.#files.delete(path);
  }

  /** Reads everything again: the compiler options changed, and so may every parse. */
  clear(): void {
    this.#files.clear();
  }
}
