// The core's other result kinds, as a provider definition declares them: a plain promise, a
// promise of an async generator returned by a separate stream method, and one `send(command)`
// that dispatches many operations. The SDK here is a minimal stand-in with the shapes of
// `@google/genai` (instance resources, async generators) and the AWS SDK (`send`); the real SDKs
// are tested in their providers' folders.
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { beforeEach, describe, expect, it } from 'vitest';
import { ensureContextManager } from '../../../src/attribution/index.js';
import type { OperationDescriptor } from '../../../src/instrumentation/core/operation.js';
import { findModuleWithExport, type SdkDefinition } from '../../../src/instrumentation/core/sdk-definition.js';
import { SdkInstrumentation } from '../../../src/instrumentation/core/sdk-instrumentation.js';
import {
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_INFRAPRISM_ENTITY_ID,
} from '../../../src/semconv.js';

interface Reply {
  text: string;
  usage?: { input: number; output: number };
}

const readUsage = (value: unknown, summary: { usage?: { inputTokens: number; outputTokens: number } }): void => {
  const usage = (value as Reply).usage;
  if (usage) summary.usage = { inputTokens: usage.input, outputTokens: usage.output };
};

const generate: OperationDescriptor = {
  operationName: 'generate_content',
  readRequest: (params) => ({ isStreaming: false, attributes: {}, requestModel: String((params as { model: string }).model) }),
  readResponse: readUsage,
  readChunk: readUsage,
};
const generateStream: OperationDescriptor = {
  ...generate,
  readRequest: (params) => ({ ...generate.readRequest(params), isStreaming: true }),
};
const converseStream: OperationDescriptor = {
  ...generateStream,
  readRequest: (command) => generateStream.readRequest((command as { input: unknown }).input),
  readStream: (output) => (output as { stream: unknown }).stream,
};

class Models {
  // Instance fields, as `@google/genai` defines its public methods; they call prototype methods.
  generate = (params: object): Promise<Reply> => this.generateInternal(params);
  generateStream = (params: object): Promise<AsyncGenerator<Reply>> => this.generateStreamInternal(params);
  failNext = false;

  async generateInternal(params: object): Promise<Reply> {
    await Promise.resolve();
    if (this.failNext) throw new Error('quota exceeded for prompt SECRET');
    return { text: `answer to ${JSON.stringify(params)}`, usage: { input: 7, output: 3 } };
  }

  async generateStreamInternal(_params: object): Promise<AsyncGenerator<Reply>> {
    await Promise.resolve();
    return (async function* chunks() {
      yield { text: 'a' };
      yield { text: 'b' };
      yield { text: 'c', usage: { input: 5, output: 2 } };
    })();
  }
}

class ConverseStreamCommand {
  constructor(readonly input: object) {}
}
class ListCommand {
  constructor(readonly input: object) {}
}
class Client {
  async send(command: object): Promise<unknown> {
    await Promise.resolve();
    if (command instanceof ListCommand) return { items: [], input: command.input };
    return {
      stream: (async function* events() {
        yield { text: 'x' };
        yield { text: 'y', usage: { input: 4, output: 1 } };
      })(),
    };
  }
}

const sdkModule = { Models, Client };

const definition: SdkDefinition = {
  id: 'stand-in',
  packageName: 'stand-in-sdk',
  instrumentationName: 'infraprism-test',
  supportedMajors: [1],
  rootName: 'the Models class',
  findRoot: findModuleWithExport('Models'),
  resultKind: 'promise',
  tracedMarker: Symbol('stand-in.traced'),
  targets: [
    { path: ['Models'], method: 'generateInternal', descriptor: generate },
    { path: ['Models'], method: 'generateStreamInternal', descriptor: generateStream },
    {
      path: ['Client'],
      method: 'send',
      descriptor: undefined,
      selectDescriptor: (command) => (command instanceof ConverseStreamCommand ? converseStream : undefined),
    },
  ],
  readTarget: () => ({ providerName: 'stand-in' }),
};

ensureContextManager();
const exporter = new InMemorySpanExporter();
const instrumentation = new SdkInstrumentation(definition, { enabled: false });
instrumentation.setTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
instrumentation.patchModule(sdkModule, '1.0.0');

/** Spans end after the caller's own continuation: let the microtasks run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('a definition whose methods return plain promises', () => {
  beforeEach(() => exporter.reset());

  it('ends the span with the resolved response, and the caller gets the same value', async () => {
    const models = new Models();
    const reply = await models.generate({ model: 'm-1', entity_type: 'customer', entity_id: 'c-9' });
    await settle();
    // Our params never reach the SDK's method.
    expect(reply.text).toBe('answer to {"model":"m-1"}');
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('generate_content m-1');
    expect(span?.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(7);
    expect(span?.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(3);
    expect(span?.attributes[ATTR_INFRAPRISM_ENTITY_ID]).toBe('c-9');
  });

  it('fails the span on a rejection, which still reaches the caller as it was, without its message', async () => {
    const models = new Models();
    models.failNext = true;
    await expect(models.generate({ model: 'm-1' })).rejects.toThrow('quota exceeded for prompt SECRET');
    await settle();
    const [span] = exporter.getFinishedSpans();
    expect(span?.status.code).toBe(2);
    expect(JSON.stringify(span?.attributes)).not.toContain('SECRET');
  });

  it('observes an async generator chunk by chunk; the caller reads the same chunks', async () => {
    const chunks: string[] = [];
    for await (const chunk of await new Models().generateStream({ model: 'm-2' })) chunks.push(chunk.text);
    await settle();
    expect(chunks).toEqual(['a', 'b', 'c']);
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes[ATTR_GEN_AI_USAGE_INPUT_TOKENS]).toBe(5);
  });

  it('ends the span when the caller breaks out of the stream early', async () => {
    for await (const chunk of await new Models().generateStream({ model: 'm-2' })) {
      expect(chunk.text).toBe('a');
      break;
    }
    await settle();
    expect(exporter.getFinishedSpans()).toHaveLength(1);
  });

  it('picks the operation per call of a dispatching method and leaves the others untouched', async () => {
    const client = new Client();
    const listed = (await client.send(new ListCommand({ entity_id: 'kept' }))) as { input: object };
    expect(listed.input).toEqual({ entity_id: 'kept' });
    await settle();
    expect(exporter.getFinishedSpans()).toHaveLength(0);

    const output = (await client.send(new ConverseStreamCommand({ model: 'm-3' }))) as { stream: AsyncIterable<Reply> };
    const texts: string[] = [];
    for await (const event of output.stream) texts.push(event.text);
    await settle();
    expect(texts).toEqual(['x', 'y']);
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('generate_content m-3');
    expect(span?.attributes[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]).toBe(1);
  });
});
