// Issue #4: the privacy promise on every OpenAI endpoint besides chat. A canary in each
// content field — Responses instructions, input items and tool outputs, the streamed
// output text, embeddings input, image prompts and image bytes, audio file bytes,
// transcripts, speech input and speech audio, error messages — goes over the wire and
// back, and none may appear in an exported byte or a diag line.
import { diag, DiagLogLevel, trace } from '@opentelemetry/api';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, type InfraPrism } from '../../src/index.js';
import { findCanaries, makeCanaries } from '../support/canaries.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import { startOtlpReceiver, type OtlpReceiver } from '../support/otlp-receiver.js';

const responses = makeCanaries('openai_responses');
const media = makeCanaries('openai_media');
const everyCanary = [responses, media];
const diagLines: string[] = [];
let provider: FakeProvider;
let receiver: OtlpReceiver;
let setup: InfraPrism;
let client: OpenAI;

const hasResponses = typeof (OpenAI as unknown as { Responses?: { prototype?: { create?: unknown } } }).Responses?.prototype?.create === 'function';

beforeAll(async () => {
  const record = (...args: unknown[]) => diagLines.push(args.map(String).join(' '));
  diag.setLogger({ error: record, warn: record, info: record, debug: record, verbose: record }, DiagLogLevel.ALL);
  provider = await startFakeProvider();
  receiver = await startOtlpReceiver();
  setup = init({
    endpoint: receiver.url,
    logLevel: 'none',
    instrumentModules: { openai: OpenAI },
    // Streams to the fake provider get the usage option and the hidden chunk too.
    streamUsageBaseURLs: [provider.openaiBaseURL],
  });
  client = new OpenAI({ apiKey: media.apiKey, baseURL: provider.openaiBaseURL, maxRetries: 0 });
});
afterAll(async () => {
  await setup.shutdown();
  await Promise.all([provider.close(), receiver.close()]);
  diag.disable();
  trace.disable();
});

function leaks(): string[] {
  return everyCanary.flatMap((canaries) => [
    ...findCanaries(receiver.receivedBytes(), canaries),
    ...findCanaries(JSON.stringify(receiver.requestHeaders()), canaries),
    ...findCanaries(diagLines, canaries),
  ]);
}

describe('privacy on every OpenAI endpoint', () => {
  it('exports no content from Responses, embeddings, completions, images or audio', async () => {
    let spanCount = 0;
    if (hasResponses) {
      const input = [
        { role: 'user' as const, content: responses.userMessage },
        { type: 'function_call' as const, call_id: 'call_1', name: responses.toolName, arguments: responses.toolCallArguments },
        { type: 'function_call_output' as const, call_id: 'call_1', output: responses.toolResult },
      ];
      const tools = [{ type: 'function' as const, name: responses.toolName, description: responses.toolDescription, parameters: { type: 'object', properties: { [responses.toolParameters]: { type: 'string' } } }, strict: false }];
      provider.enqueue('/v1/responses', { kind: 'success', content: responses.responseContent }, { kind: 'success', content: responses.responseContent }, { kind: 'error', status: 400, message: responses.errorMessage });
      await client.responses.create({ model: 'gpt-4o', instructions: responses.systemMessage, input, tools });
      const stream = await client.responses.create({ model: 'gpt-4o', instructions: responses.systemMessage, input, stream: true });
      for await (const _event of stream) {
        // consume
      }
      await client.responses.create({ model: 'gpt-4o', input: responses.userMessage }).catch(() => undefined);
      spanCount += 3;
    }

    await client.embeddings.create({ model: 'text-embedding-3-small', input: [media.userMessage, media.assistantMessage] });
    provider.enqueue('/v1/completions', { kind: 'success', content: media.responseContent }, { kind: 'success', content: media.responseContent });
    await client.completions.create({ model: 'gpt-4o-mini', prompt: media.systemMessage });
    const completionStream = await client.completions.create({ model: 'gpt-4o-mini', prompt: media.systemMessage, stream: true });
    for await (const _chunk of completionStream) {
      // consume
    }
    provider.enqueue('/v1/images/generations', { kind: 'success', content: media.responseContent });
    await client.images.generate({ model: 'gpt-image-1', prompt: media.toolDescription });
    const image = await toFile(Buffer.from(media.toolParameters), 'in.png', { type: 'image/png' });
    await client.images.edit({ model: 'gpt-image-1', image, prompt: media.toolDescription });
    provider.enqueue('/v1/audio/transcriptions', { kind: 'success', content: media.refusal });
    const audio = await toFile(Buffer.from(media.toolCallArguments), 'a.wav', { type: 'audio/wav' });
    await client.audio.transcriptions.create({ model: 'gpt-4o-transcribe', file: audio, prompt: media.toolName });
    provider.enqueue('/v1/audio/speech', { kind: 'success', content: media.toolResult });
    const speech = await client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: media.toolName });
    await speech.arrayBuffer();
    provider.enqueue('/v1/embeddings', { kind: 'error', status: 400, message: media.errorMessage });
    await client.embeddings.create({ model: 'text-embedding-3-small', input: media.userMessage }).catch(() => undefined);
    spanCount += 8;

    await setup.flush();
    await receiver.waitForSpans(spanCount);

    // The canaries really travelled to the provider: the test can fail.
    const sent = provider.requests.map((request) => request.rawBody + JSON.stringify(request.headers));
    expect(findCanaries(sent, media).length).toBeGreaterThan(6);
    if (hasResponses) expect(findCanaries(sent, responses).length).toBeGreaterThan(5);
    expect(leaks()).toEqual([]);
  });
});
