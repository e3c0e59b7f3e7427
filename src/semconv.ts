/**
 * Every attribute, metric and enum-value name this package writes, in one place.
 *
 * The `gen_ai.*` names are copied from the OpenTelemetry semantic conventions
 * (v1.45, "Development" stability) instead of importing
 * `@opentelemetry/semantic-conventions/incubating`: an incubating release may rename
 * them, and our users' dashboards must not break when it does. `server.*` and
 * `error.type` are stable. Our own names live under `infraprism.`.
 */

// --- GenAI: request -------------------------------------------------------

/** The name of the operation being performed, e.g. `chat`. */
export const ATTR_GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
/** The GenAI provider as identified by the client instrumentation, e.g. `openai`. */
export const ATTR_GEN_AI_PROVIDER_NAME = 'gen_ai.provider.name';
/** The name of the model the request asks for. */
export const ATTR_GEN_AI_REQUEST_MODEL = 'gen_ai.request.model';
/** The maximum number of tokens the model may generate. */
export const ATTR_GEN_AI_REQUEST_MAX_TOKENS = 'gen_ai.request.max_tokens';
/** The temperature setting for the request. */
export const ATTR_GEN_AI_REQUEST_TEMPERATURE = 'gen_ai.request.temperature';
/** The top_p sampling setting. */
export const ATTR_GEN_AI_REQUEST_TOP_P = 'gen_ai.request.top_p';
/** The frequency penalty setting. */
export const ATTR_GEN_AI_REQUEST_FREQUENCY_PENALTY = 'gen_ai.request.frequency_penalty';
/** The presence penalty setting. */
export const ATTR_GEN_AI_REQUEST_PRESENCE_PENALTY = 'gen_ai.request.presence_penalty';
/** The seed, if the request sets one. */
export const ATTR_GEN_AI_REQUEST_SEED = 'gen_ai.request.seed';
/** How many candidate completions the request asks for (`n`). */
export const ATTR_GEN_AI_REQUEST_CHOICE_COUNT = 'gen_ai.request.choice.count';
/** Whether the request asks for a streamed response. */
export const ATTR_GEN_AI_REQUEST_STREAM = 'gen_ai.request.stream';

// --- GenAI: response ------------------------------------------------------

/** The unique identifier of the completion. */
export const ATTR_GEN_AI_RESPONSE_ID = 'gen_ai.response.id';
/** The name of the model that generated the response. */
export const ATTR_GEN_AI_RESPONSE_MODEL = 'gen_ai.response.model';
/** Why the model stopped generating, one entry per choice. */
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = 'gen_ai.response.finish_reasons';
/** Seconds from the request until the first chunk of a streamed response. */
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = 'gen_ai.response.time_to_first_chunk';

// --- GenAI: usage ---------------------------------------------------------

/** All input tokens, including cache reads and cache writes (semconv, since 1.37). */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
/** All output tokens, including reasoning tokens. */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';
/** Input tokens served from the provider's cache. */
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = 'gen_ai.usage.cache_read.input_tokens';
/** Input tokens written to the provider's cache. */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = 'gen_ai.usage.cache_creation.input_tokens';
/** Output tokens spent on reasoning. */
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = 'gen_ai.usage.reasoning.output_tokens';

// --- General --------------------------------------------------------------

/** Host name of the GenAI server the client talks to. */
export const ATTR_SERVER_ADDRESS = 'server.address';
/** Port of the GenAI server. */
export const ATTR_SERVER_PORT = 'server.port';
/** HTTP status code of the provider's response, when there was one (stable). */
export const ATTR_HTTP_RESPONSE_STATUS_CODE = 'http.response.status_code';
/** The error class or HTTP status code; never the message. */
export const ATTR_ERROR_TYPE = 'error.type';
/** `error.type` value when nothing more specific is known (semconv). */
export const ERROR_TYPE_VALUE_OTHER = '_OTHER';

// --- Enum values ----------------------------------------------------------

export const GEN_AI_OPERATION_NAME_VALUE_CHAT = 'chat';

export const GEN_AI_PROVIDER_NAME_VALUE_OPENAI = 'openai';

// --- InfraPrism -----------------------------------------------------------

/** Cost of the call in US dollars, computed locally from the bundled price table. */
export const ATTR_INFRAPRISM_COST_USD = 'infraprism.cost.usd';
/** Why the cost is (or is not) there: one of the `INFRAPRISM_COST_STATUS_VALUE_*` values. */
export const ATTR_INFRAPRISM_COST_STATUS = 'infraprism.cost.status';
/** Who the call was made for: the kind of entity, e.g. `customer`. */
export const ATTR_INFRAPRISM_ENTITY_TYPE = 'infraprism.entity.type';
/** Who the call was made for: the entity's id, e.g. `acme-corp`. */
export const ATTR_INFRAPRISM_ENTITY_ID = 'infraprism.entity.id';
/** Prefix of free-form tags: tag `feature` becomes `infraprism.tag.feature`. */
export const ATTR_INFRAPRISM_TAG_PREFIX = 'infraprism.tag.';
/**
 * How many stop sequences the request sets. The semconv attribute
 * `gen_ai.request.stop_sequences` carries their text, which can be user content.
 */
export const ATTR_INFRAPRISM_REQUEST_STOP_SEQUENCE_COUNT = 'infraprism.request.stop_sequence_count';

/** Cost computed from reported usage and a known price. */
export const INFRAPRISM_COST_STATUS_VALUE_PRICED = 'priced';
/** The model is not in the price table: no cost is recorded (never a silent 0). */
export const INFRAPRISM_COST_STATUS_VALUE_UNKNOWN_MODEL = 'unknown_model';
/** The response reported no usage, so nothing can be priced. */
export const INFRAPRISM_COST_STATUS_VALUE_NO_USAGE = 'no_usage';
/**
 * Cost at the standard price: the call was served with a service tier or the Batch API (`flex`,
 * `priority`, `batch`) whose price the table lacks for the model.
 */
export const INFRAPRISM_COST_STATUS_VALUE_ESTIMATED = 'estimated';
/**
 * Cost at another provider's price for the same model name: the call's provider has no price for
 * it in the table (e.g. a DeepSeek model served by Together priced at DeepSeek's price).
 */
export const INFRAPRISM_COST_STATUS_VALUE_OTHER_PROVIDER_PRICE = 'other_provider_price';
/** `calculateCost` was given a usage object in no shape it reads (never reported as `no_usage`). */
export const INFRAPRISM_COST_STATUS_VALUE_UNRECOGNIZED_USAGE = 'unrecognized_usage';

// --- Pricing --------------------------------------------------------------

/**
 * Version of the price table the cost was computed with, e.g. `genai-prices@2026-08-21+f2e53b73`
 * (`+custom` when your own prices were in use), so a cost can be traced to its prices.
 */
export const ATTR_INFRAPRISM_COST_PRICE_TABLE = 'infraprism.cost.price_table';

/** Instrumentation scope name of every span we create. */
export const INSTRUMENTATION_SCOPE_OPENAI = 'infraprism-openai';

// --- OpenAI endpoints, streams, compatible providers --------------

/** The conversation (thread, session) the request belongs to: the Responses API's `conversation` id. */
export const ATTR_GEN_AI_CONVERSATION_ID = 'gen_ai.conversation.id';
/** The number of dimensions the resulting output embeddings should have. */
export const ATTR_GEN_AI_EMBEDDINGS_DIMENSION_COUNT = 'gen_ai.embeddings.dimension.count';
/** The encoding formats requested for embeddings, e.g. `["float"]`. */
export const ATTR_GEN_AI_REQUEST_ENCODING_FORMATS = 'gen_ai.request.encoding_formats';
/** The service tier the provider served the call with (`default`, `flex`, `priority`). */
export const ATTR_OPENAI_RESPONSE_SERVICE_TIER = 'openai.response.service_tier';

/** Embeddings (`embeddings.create`). The Responses API uses `chat`, as semconv's OpenAI page says. */
export const GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS = 'embeddings';
/** Legacy completions (`completions.create`). */
export const GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION = 'text_completion';
/** Image generation and editing (ours: semconv defines no image operation yet). */
export const INFRAPRISM_OPERATION_NAME_VALUE_IMAGE_GENERATION = 'image_generation';
/** Speech to text: audio transcriptions and translations (ours). */
export const INFRAPRISM_OPERATION_NAME_VALUE_TRANSCRIPTION = 'transcription';
/** Text to speech (ours). */
export const INFRAPRISM_OPERATION_NAME_VALUE_SPEECH = 'speech';

export const GEN_AI_PROVIDER_NAME_VALUE_AZURE_AI_OPENAI = 'azure.ai.openai';
export const GEN_AI_PROVIDER_NAME_VALUE_GROQ = 'groq';
export const GEN_AI_PROVIDER_NAME_VALUE_DEEPSEEK = 'deepseek';
export const GEN_AI_PROVIDER_NAME_VALUE_MISTRAL_AI = 'mistral_ai';
export const GEN_AI_PROVIDER_NAME_VALUE_X_AI = 'x_ai';
export const GEN_AI_PROVIDER_NAME_VALUE_PERPLEXITY = 'perplexity';
export const GEN_AI_PROVIDER_NAME_VALUE_GCP_GEMINI = 'gcp.gemini';
/** Ours: semconv defines no value for these OpenAI-compatible services. */
export const INFRAPRISM_PROVIDER_NAME_VALUE_TOGETHER_AI = 'together_ai';
export const INFRAPRISM_PROVIDER_NAME_VALUE_FIREWORKS_AI = 'fireworks_ai';
export const INFRAPRISM_PROVIDER_NAME_VALUE_OPENROUTER = 'openrouter';
export const INFRAPRISM_PROVIDER_NAME_VALUE_OLLAMA = 'ollama';
export const INFRAPRISM_PROVIDER_NAME_VALUE_VLLM = 'vllm';

/**
 * The operation is billed per image, per second of audio or per character, which the
 * token price table cannot price, and the response reported no token usage.
 */
export const INFRAPRISM_COST_STATUS_VALUE_UNPRICED_OPERATION = 'unpriced_operation';
/**
 * The caller took the raw HTTP response (`asResponse()`) and read the body itself, so the usage
 * in it never reached InfraPrism: the span ends when the response arrives, without a cost.
 */
export const INFRAPRISM_COST_STATUS_VALUE_USAGE_UNREAD = 'usage_unread';
/** `error.type` of a stream the caller aborted with its `AbortSignal` after it had started. */
export const INFRAPRISM_ERROR_TYPE_VALUE_ABORTED = 'aborted';
// --- Metrics ---------------------------------------------------
// GenAI client metrics as in semconv v1.41+ (moved to semantic-conventions-genai since),
// "Development" stability, with their advised explicit bucket boundaries.

/** Histogram of input and output tokens per call, unit `{token}`, split by `gen_ai.token.type`. */
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = 'gen_ai.client.token.usage';
/** Histogram of the duration of a GenAI operation, unit `s`. */
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = 'gen_ai.client.operation.duration';
/** Histogram of the time from the request to the first chunk of a streamed response, unit `s`. */
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK = 'gen_ai.client.operation.time_to_first_chunk';
/** The type of token counted by `gen_ai.client.token.usage`. */
export const ATTR_GEN_AI_TOKEN_TYPE = 'gen_ai.token.type';
export const GEN_AI_TOKEN_TYPE_VALUE_INPUT = 'input';
export const GEN_AI_TOKEN_TYPE_VALUE_OUTPUT = 'output';
/** Advised bucket boundaries of `gen_ai.client.token.usage`. */
export const GEN_AI_CLIENT_TOKEN_USAGE_BUCKETS: readonly number[] = [
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
];
/** Advised bucket boundaries of `gen_ai.client.operation.duration` and `...time_to_first_chunk`. */
export const GEN_AI_CLIENT_DURATION_BUCKETS: readonly number[] = [
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
];

/**
 * Counter of the locally computed cost of LLM calls, unit `USD`, by provider, model,
 * operation, entity and allow-listed tags. Prometheus names it
 * `infraprism_client_cost_USD_total` (collector, OTLP) or `infraprism_client_cost_total`
 * (the in-process `@opentelemetry/exporter-prometheus`, which drops units).
 */
export const METRIC_INFRAPRISM_CLIENT_COST = 'infraprism.client.cost';
/** Observable counter: spans our export pipeline dropped (buffer full), unit `{span}`. */
export const METRIC_INFRAPRISM_EXPORTER_SPAN_DROPPED = 'infraprism.exporter.span.dropped';
/** Observable counter: spans our export pipeline delivered, unit `{span}`. */
export const METRIC_INFRAPRISM_EXPORTER_SPAN_EXPORTED = 'infraprism.exporter.span.exported';
/** Observable counter: failed export attempts of our pipeline (each retry counts), unit `{attempt}`. */
export const METRIC_INFRAPRISM_EXPORTER_EXPORT_FAILED = 'infraprism.exporter.export.failed';
/**
 * Marks the one series that attribute sets beyond the cardinality limit collapse into,
 * with the value `true`: the name the OpenTelemetry metrics SDK spec gives its own overflow series.
 */
export const ATTR_OTEL_METRIC_OVERFLOW = 'otel.metric.overflow';
/** Instrumentation scope (meter) name of our metrics. */
export const INSTRUMENTATION_SCOPE_METRICS = 'infraprism-metrics';

// --- Anthropic ---------------------------------------------------

/** The top_k sampling setting. */
export const ATTR_GEN_AI_REQUEST_TOP_K = 'gen_ai.request.top_k';
/**
 * The service tier Anthropic says served the call (`standard`, `priority`, `batch`), from
 * `usage.service_tier`; the name the Anthropic SDK's own spans use.
 */
export const ATTR_ANTHROPIC_RESPONSE_SERVICE_TIER = 'anthropic.response.service_tier';
/**
 * Server-side web searches the call ran (Anthropic `usage.server_tool_use.web_search_requests`),
 * billed per search on top of tokens. Ours: semconv has no server-tool usage yet.
 */
export const ATTR_INFRAPRISM_USAGE_WEB_SEARCH_REQUESTS = 'infraprism.usage.web_search_requests';
/** Server-side web fetches the call ran (`usage.server_tool_use.web_fetch_requests`). Ours. */
export const ATTR_INFRAPRISM_USAGE_WEB_FETCH_REQUESTS = 'infraprism.usage.web_fetch_requests';

export const GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC = 'anthropic';
export const GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK = 'aws.bedrock';
export const GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI = 'gcp.vertex_ai';

/**
 * Prefix of the usage attributes (`gen_ai.usage.*`) that only our span carries when the
 * Anthropic SDK (0.134+) emits its own span for the same call.
 */
export const GEN_AI_USAGE_ATTRIBUTE_PREFIX = 'gen_ai.usage.';

/** Instrumentation scope name of our spans for `@anthropic-ai/sdk`. */
export const INSTRUMENTATION_SCOPE_ANTHROPIC = 'infraprism-anthropic';

/** Instrumentation scope name of our spans for the Vercel AI SDK's provider calls (`ai` 7's telemetry channel). */
export const INSTRUMENTATION_SCOPE_AI_SDK = 'infraprism-ai-sdk';


// --- GenAI spans of other instrumentations -------------------------

/**
 * The GenAI provider, as instrumentations before semconv 1.37 name it (contrib's
 * `@opentelemetry/instrumentation-openai` still does). Deprecated in favour of `gen_ai.provider.name`.
 */
export const ATTR_GEN_AI_SYSTEM = 'gen_ai.system';
/** Input tokens written to the cache, as the Anthropic SDK's own spans name them. */
export const ATTR_GEN_AI_USAGE_CACHE_WRITE_INPUT_TOKENS = 'gen_ai.usage.cache_write.input_tokens';
/** Input tokens before semconv 1.27 renamed it (still written by some instrumentations). */
export const ATTR_GEN_AI_USAGE_PROMPT_TOKENS = 'gen_ai.usage.prompt_tokens';
/** Output tokens before semconv 1.27 renamed it. */
export const ATTR_GEN_AI_USAGE_COMPLETION_TOKENS = 'gen_ai.usage.completion_tokens';
/** Cache writes with a 5-minute TTL, on the Anthropic SDK's own spans. */
export const ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_5M_INPUT_TOKENS =
  'anthropic.usage.cache_creation.ephemeral_5m_input_tokens';
/** Cache writes with a 1-hour TTL, on the Anthropic SDK's own spans. */
export const ATTR_ANTHROPIC_USAGE_CACHE_CREATION_EPHEMERAL_1H_INPUT_TOKENS =
  'anthropic.usage.cache_creation.ephemeral_1h_input_tokens';


/** Every instrumentation scope of ours starts with this (`infraprism-openai`, `infraprism-anthropic`). */
export const INSTRUMENTATION_SCOPE_PREFIX = 'infraprism';

/**
 * Priced, but the span reports no cached input tokens although the model has a cheaper cached
 * price (contrib's openai spans never record them): every input token was billed at the full
 * input price, so `infraprism.cost.usd` is an upper bound of what the provider charged.
 */
export const INFRAPRISM_COST_STATUS_VALUE_UPPER_BOUND = 'upper_bound';
/**
 * This span describes a provider request that another span already prices (ours, as its parent or
 * child): it carries no `infraprism.cost.usd`, so each request is counted once.
 */
export const INFRAPRISM_COST_STATUS_VALUE_COUNTED_ELSEWHERE = 'counted_elsewhere';

/**
 * Attributes that carry prompts, responses, system instructions, tool definitions, tool arguments
 * or results on the spans of other GenAI instrumentations (semconv, the AI SDK's `ai.*`, the
 * Anthropic SDK, OpenLLMetry's indexed `gen_ai.prompt.N.*`). Removed before export.
 */
export const GEN_AI_CONTENT_ATTRIBUTES: readonly string[] = [
  // OpenInference's raw request and response bodies.
  'input.value',
  'output.value',
  'gen_ai.input.messages',
  'gen_ai.output.messages',
  'gen_ai.system_instructions',
  'gen_ai.tool.definitions',
  'gen_ai.tool.call.arguments',
  'gen_ai.tool.call.result',
  'gen_ai.request.stop_sequences',
  'gen_ai.embeddings.input',
  'anthropic.tool_result.content',
  'ai.response.text',
  'ai.response.object',
  'ai.response.toolCalls',
  'ai.response.reasoning',
  'ai.response.files',
  'ai.response.sources',
  'ai.response.providerMetadata',
  'ai.toolCall.args',
  'ai.toolCall.result',
  'ai.toolCall.input',
  'ai.toolCall.output',
  'ai.value',
  'ai.values',
  'ai.embedding',
  'ai.embeddings',
  'ai.schema',
  'ai.schema.description',
  'ai.settings.headers',
];
/** Error text on a GenAI span's exception events: provider errors echo the request's content. */
export const GEN_AI_ERROR_TEXT_ATTRIBUTES: readonly string[] = ['exception.message', 'exception.stacktrace'];
/** Prefixes of content attributes: `gen_ai.prompt`, `gen_ai.prompt.0.content`, `ai.prompt.messages`, ... */
export const GEN_AI_CONTENT_ATTRIBUTE_PREFIXES: readonly string[] = [
  'gen_ai.prompt',
  'gen_ai.completion',
  'ai.prompt',
  'llm.prompts',
  'llm.completions',
  // OpenInference: messages, raw input and output, tools, prompt templates, embedded text and
  // retrieved documents.
  'llm.input_messages',
  'llm.output_messages',
  'llm.tools',
  'llm.prompt_template',
  'embedding.embeddings',
  'retrieval.documents',
];

// Vercel AI SDK attributes. AI SDK 6 records usage on INTERNAL spans under `ai.*`; its
// per-call metadata becomes `ai.telemetry.metadata.<key>`, AI SDK 7's runtime context
// `ai.settings.context.<key>`.

/** The AI SDK operation of a span, e.g. `ai.generateText.doGenerate`. */
export const ATTR_AI_OPERATION_ID = 'ai.operationId';
/** The AI SDK's provider id, e.g. `openai.chat`, `anthropic.messages`. */
export const ATTR_AI_MODEL_PROVIDER = 'ai.model.provider';
/** The model id the AI SDK call asked for. */
export const ATTR_AI_MODEL_ID = 'ai.model.id';
/** The model id the provider answered with. */
export const ATTR_AI_RESPONSE_MODEL = 'ai.response.model';
export const ATTR_AI_USAGE_INPUT_TOKENS = 'ai.usage.inputTokens';
export const ATTR_AI_USAGE_OUTPUT_TOKENS = 'ai.usage.outputTokens';
/** AI SDK 4's names, still written next to the new ones by some versions. */
export const ATTR_AI_USAGE_PROMPT_TOKENS = 'ai.usage.promptTokens';
export const ATTR_AI_USAGE_COMPLETION_TOKENS = 'ai.usage.completionTokens';
/** Input tokens of an embedding call. */
export const ATTR_AI_USAGE_TOKENS = 'ai.usage.tokens';
export const ATTR_AI_USAGE_CACHE_READ_TOKENS = 'ai.usage.inputTokenDetails.cacheReadTokens';
export const ATTR_AI_USAGE_CACHED_INPUT_TOKENS = 'ai.usage.cachedInputTokens';
export const ATTR_AI_USAGE_CACHE_WRITE_TOKENS = 'ai.usage.inputTokenDetails.cacheWriteTokens';
export const ATTR_AI_USAGE_REASONING_TOKENS_DETAIL = 'ai.usage.outputTokenDetails.reasoningTokens';
export const ATTR_AI_USAGE_REASONING_TOKENS = 'ai.usage.reasoningTokens';
/** Prefixes under which the AI SDK records a call's metadata or runtime context. */
export const AI_CALL_METADATA_PREFIXES: readonly string[] = ['ai.telemetry.metadata.', 'ai.settings.context.'];

/**
 * AI SDK 6 spans that each stand for one provider request. Their parents (`ai.generateText`,
 * `ai.streamText`, ...) repeat the summed usage of all steps and are never priced.
 */
export const AI_SDK_PROVIDER_CALL_OPERATION_IDS: readonly string[] = [
  'ai.generateText.doGenerate',
  'ai.streamText.doStream',
  'ai.generateObject.doGenerate',
  'ai.streamObject.doStream',
  'ai.embed.doEmbed',
  'ai.embedMany.doEmbed',
];

// OpenInference attributes (Arize's instrumentations, JS and Python), read from their spans, never
// written: INTERNAL spans marked `openinference.span.kind: LLM` (or `EMBEDDING`) for each provider
// request, with usage under `llm.token_count.*`; the prompt count includes cached tokens, as
// semconv's input count does. Constant names as OpenInference's own SemanticConventions spell them.

/** The kind of an OpenInference span: `LLM`, `EMBEDDING`, `CHAIN`, ... */
export const OPENINFERENCE_SPAN_KIND = 'openinference.span.kind';
/** OpenInference span kinds that stand for one provider request. */
export const OPENINFERENCE_PROVIDER_CALL_SPAN_KINDS: readonly string[] = ['LLM', 'EMBEDDING'];
/** The provider that served the call (`openai`, `anthropic`, `azure`, `aws`, `google`, ...). */
export const LLM_PROVIDER = 'llm.provider';
/** The AI product of the call (`openai`, `anthropic`, `vertexai`, ...). */
export const LLM_SYSTEM = 'llm.system';
/** The model of the call. */
export const LLM_MODEL_NAME = 'llm.model_name';
/** The model that generated the response. */
export const LLM_RESPONSE_MODEL_NAME = 'llm.response.model_name';
/** The model the caller asked for. */
export const LLM_REQUEST_MODEL_NAME = 'llm.request.model_name';
/** Prompt tokens, cached ones included. */
export const LLM_TOKEN_COUNT_PROMPT = 'llm.token_count.prompt';
/** Completion tokens, reasoning included. */
export const LLM_TOKEN_COUNT_COMPLETION = 'llm.token_count.completion';
/** Prompt tokens read from the provider's cache. */
export const LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_READ = 'llm.token_count.prompt_details.cache_read';
/** Prompt tokens written to the provider's cache. */
export const LLM_TOKEN_COUNT_PROMPT_DETAILS_CACHE_WRITE = 'llm.token_count.prompt_details.cache_write';
/** Completion tokens spent on reasoning. */
export const LLM_TOKEN_COUNT_COMPLETION_DETAILS_REASONING = 'llm.token_count.completion_details.reasoning';

/**
 * Instrumentations whose `gen_ai.usage.input_tokens` leaves cache reads and writes out (Anthropic's
 * own `input_tokens`), through the scope version given: OpenLLMetry's Anthropic instrumentation
 * through 0.27.0 (later versions add them, as semconv asks).
 */
export const INPUT_TOKENS_EXCLUDE_CACHE_THROUGH_VERSION: Readonly<Record<string, string>> = {
  '@traceloop/instrumentation-anthropic': '0.27.0',
};

// --- Amazon Bedrock Runtime (`@aws-sdk/client-bedrock-runtime`) ---------------

/** Instrumentation scope name of our spans for `@aws-sdk/client-bedrock-runtime`. */
export const INSTRUMENTATION_SCOPE_BEDROCK = 'infraprism-bedrock';
// --- Google Gen AI (`@google/genai`) ---------------------------------------

/** Instrumentation scope of the spans of `@google/genai` calls. */
export const INSTRUMENTATION_SCOPE_GOOGLE_GENAI = 'infraprism-google-genai';
/** `gen_ai.operation.name` of Gemini's `generateContent` and `streamGenerateContent` (semconv). */
export const GEN_AI_OPERATION_NAME_VALUE_GENERATE_CONTENT = 'generate_content';
