/**
 * The OpenAI API's read-only endpoints: stored chat completions and their messages, and
 * models. The package types list responses as page classes (`CursorPage<T>`), which are not
 * data, so the list envelopes are spelled out here as the API sends them.
 */
import type { ChatCompletion, ChatCompletionStoreMessage } from "openai/resources/chat/completions";
import type { Model } from "openai/resources/models";

/** A page of a cursor-paginated list, as the API sends it. */
export interface CursorList<T> {
  object: "list";
  data: T[];
  first_id?: string | null;
  last_id?: string | null;
  has_more: boolean;
}

/** The list of models (not paginated). */
export interface ModelList {
  object: "list";
  data: Model[];
}

export interface OpenAIRetrieval {
  retrieveChatCompletion(completionId: string): Promise<ChatCompletion>;
  listChatCompletions(): Promise<CursorList<ChatCompletion>>;
  listMessages(completionId: string): Promise<CursorList<ChatCompletionStoreMessage>>;
  retrieveModel(model: string): Promise<Model>;
  listModels(): Promise<ModelList>;
}
