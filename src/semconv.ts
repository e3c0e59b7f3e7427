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

/** Instrumentation scope name of every span we create. */
export const INSTRUMENTATION_SCOPE_OPENAI = 'infraprism-openai';

// --- Issue #5: Anthropic ---------------------------------------------------

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

/** Legacy Text Completions (`completions.create`, `/v1/complete`). */
export const GEN_AI_OPERATION_NAME_VALUE_TEXT_COMPLETION = 'text_completion';

export const GEN_AI_PROVIDER_NAME_VALUE_ANTHROPIC = 'anthropic';
export const GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK = 'aws.bedrock';
export const GEN_AI_PROVIDER_NAME_VALUE_GCP_VERTEX_AI = 'gcp.vertex_ai';

/**
 * Prefix of the usage attributes (`gen_ai.usage.*`) that only our span carries when the
 * Anthropic SDK (0.134+) emits its own span for the same call (issue #5, item 5).
 */
export const GEN_AI_USAGE_ATTRIBUTE_PREFIX = 'gen_ai.usage.';

/** Instrumentation scope name of our spans for `@anthropic-ai/sdk`. */
export const INSTRUMENTATION_SCOPE_ANTHROPIC = 'infraprism-anthropic';
