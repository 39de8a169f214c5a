/**
 * Language Server Protocol requests and notifications over `vscode-languageserver-protocol`
 * (which re-exports `vscode-languageserver-types`): positions, ranges, markup, the `integer`
 * aliases, `LSPAny`, and results that are unions of object shapes without a tag
 * (`SemanticTokens | SemanticTokensDelta`, `Hover.contents`).
 */
import type {
  CompletionItem,
  CompletionList,
  CompletionParams,
  Diagnostic,
  DocumentSymbol,
  DocumentSymbolParams,
  Hover,
  HoverParams,
  Location,
  ProgressToken,
  PublishDiagnosticsParams,
  ReferenceParams,
  SemanticTokens,
  SemanticTokensDelta,
  SemanticTokensDeltaParams,
  SemanticTokensParams,
  SymbolInformation,
  TextDocumentIdentifier,
  WorkDoneProgressBegin,
  WorkDoneProgressEnd,
  WorkDoneProgressReport,
  WorkspaceEdit,
} from "vscode-languageserver-protocol";

/** The `$/progress` notification's parameters, for work done progress. */
export interface WorkDoneProgressParams {
  token: ProgressToken;
  value: WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;
}

/** Requests a client sends to a language server. */
export interface LanguageServer {
  hover(params: HoverParams): Promise<Hover | null>;
  completion(params: CompletionParams): Promise<CompletionItem[] | CompletionList | null>;
  references(params: ReferenceParams): Promise<Location[] | null>;
  documentSymbol(
    params: DocumentSymbolParams,
  ): Promise<SymbolInformation[] | DocumentSymbol[] | null>;
  semanticTokensFull(params: SemanticTokensParams): Promise<SemanticTokens | null>;
  semanticTokensFullDelta(
    params: SemanticTokensDeltaParams,
  ): Promise<SemanticTokens | SemanticTokensDelta | null>;
}

/**
 * What a server pushes to its client. Diagnostics come as a stream the client subscribes to per
 * document: they carry `LSPAny` (`any`), which only a response may hold.
 */
export interface LanguageClient {
  diagnostics(document: TextDocumentIdentifier): AsyncIterable<PublishDiagnosticsParams>;
  progress(params: WorkDoneProgressParams): Promise<void>;
  applyEdit(label: string, edit: WorkspaceEdit): Promise<Diagnostic[]>;
}
