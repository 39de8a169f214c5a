/**
 * The OpenAI chat completions, embeddings and moderations API over the `openai` package's
 * types, as an rpcgen service would proxy it: open string unions (`(string & {}) | ChatModel`),
 * message unions tagged by `role`, content parts tagged by `type`, nullable fields, and a
 * streamed completion. rpcgen refuses the request types today; retrieval.ts holds the read-only
 * endpoints, whose results it generates.
 */
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from "openai/resources/chat/completions";
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from "openai/resources/embeddings";
import type {
  ModerationCreateParams,
  ModerationCreateResponse,
} from "openai/resources/moderations";

export interface OpenAIChat {
  createChatCompletion(body: ChatCompletionCreateParamsNonStreaming): Promise<ChatCompletion>;
  streamChatCompletion(
    body: ChatCompletionCreateParamsStreaming,
  ): AsyncIterable<ChatCompletionChunk>;
}

export interface OpenAIPlatform {
  createEmbedding(body: EmbeddingCreateParams): Promise<CreateEmbeddingResponse>;
  createModeration(body: ModerationCreateParams): Promise<ModerationCreateResponse>;
}
