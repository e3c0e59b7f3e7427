// Issue #4, item 1: images and audio calls are one span each with operation and model;
// tokens where the response reports them, and `infraprism.cost.status` saying why there
// is no cost otherwise. The speech body is the caller's: we never read it.
import OpenAI, { toFile } from 'openai';
import { describe, expect, it } from 'vitest';
import { useOpenAITestBed } from '../../support/in-memory-tracing.js';

const bed = useOpenAITestBed(OpenAI);

const onlySpan = () => bed.onlySpan();

const audioFile = () => toFile(Buffer.from('RIFF fake audio bytes'), 'speech.wav', { type: 'audio/wav' });

describe('images', () => {
  it('records image tokens for a gpt-image model', async () => {
    bed.provider.enqueue('/v1/images/generations', { kind: 'success', tokens: { input: 50, cacheRead: 10, output: 4160 } });
    const result = await bed.client.images.generate({ model: 'gpt-image-1', prompt: 'a cat', n: 1 });

    expect(result.data?.[0]?.b64_json).toBeTypeOf('string');
    const span = onlySpan();
    expect(span.name).toBe('image_generation gpt-image-1');
    expect(span.attributes).toMatchObject({
      'gen_ai.operation.name': 'image_generation',
      'gen_ai.request.model': 'gpt-image-1',
      'gen_ai.request.choice.count': 1,
      'gen_ai.usage.input_tokens': 50,
      'gen_ai.usage.output_tokens': 4160,
    });
    // Priced or not is the price table's business (issue #6); never a silent zero.
    expect(['priced', 'unknown_model']).toContain(span.attributes['infraprism.cost.status']);
  });

  it('records unpriced_operation for a model billed per image', async () => {
    await bed.client.images.generate({ model: 'dall-e-3', prompt: 'a cat' });
    const { attributes } = onlySpan();
    expect(attributes['infraprism.cost.status']).toBe('unpriced_operation');
    expect(attributes).not.toHaveProperty('infraprism.cost.usd');
  });

  it('records images.edit, a multipart upload', async () => {
    const image = await toFile(Buffer.from('PNG fake image bytes'), 'in.png', { type: 'image/png' });
    await bed.client.images.edit({ model: 'gpt-image-1', image, prompt: 'add a hat' });
    expect(onlySpan().attributes).toMatchObject({ 'gen_ai.operation.name': 'image_generation', 'gen_ai.usage.input_tokens': 150 });
  });
});

describe('audio', () => {
  it('records token usage of a gpt-4o transcription', async () => {
    bed.provider.enqueue('/v1/audio/transcriptions', { kind: 'success', tokens: { input: 120, cacheRead: 20, output: 30 } });
    const transcription = await bed.client.audio.transcriptions.create({ model: 'gpt-4o-transcribe', file: await audioFile() });

    expect(transcription.text).toBe('Hello from the fake provider.');
    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.operation.name': 'transcription',
      'gen_ai.request.model': 'gpt-4o-transcribe',
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 30,
    });
  });

  it('records the usage of a streamed transcription from its transcript.text.done event', async () => {
    bed.provider.enqueue('/v1/audio/transcriptions', { kind: 'success', content: 'one two', tokens: { input: 80, output: 12 } });
    const stream = await bed.client.audio.transcriptions.create({ model: 'gpt-4o-mini-transcribe', file: await audioFile(), stream: true });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);

    expect(types.at(-1)).toBe('transcript.text.done');
    const span = onlySpan();
    expect(span.attributes).toMatchObject({ 'gen_ai.request.stream': true, 'gen_ai.usage.input_tokens': 80, 'gen_ai.usage.output_tokens': 12 });
    expect(span.attributes['gen_ai.response.time_to_first_chunk']).toBeTypeOf('number');
  });

  it('records unpriced_operation for whisper-1, which reports seconds', async () => {
    await bed.client.audio.transcriptions.create({ model: 'whisper-1', file: await audioFile() });
    const { attributes } = onlySpan();
    expect(attributes['infraprism.cost.status']).toBe('unpriced_operation');
    expect(attributes).not.toHaveProperty('gen_ai.usage.input_tokens');
  });

  it('records translations', async () => {
    await bed.client.audio.translations.create({ model: 'whisper-1', file: await audioFile() });
    expect(onlySpan().attributes['gen_ai.operation.name']).toBe('transcription');
  });

  it('records speech without reading the audio, which the caller still gets whole', async () => {
    bed.provider.enqueue('/v1/audio/speech', { kind: 'success', content: 'MP3 bytes for the caller' });
    const response = await bed.client.audio.speech.create({ model: 'gpt-4o-mini-tts', voice: 'alloy', input: 'hello' });

    expect(onlySpan().attributes).toMatchObject({
      'gen_ai.operation.name': 'speech',
      'gen_ai.request.model': 'gpt-4o-mini-tts',
      'infraprism.cost.status': 'unpriced_operation',
    });
    expect(response.bodyUsed).toBe(false);
    expect(Buffer.from(await response.arrayBuffer()).toString()).toBe('MP3 bytes for the caller');
  });
});
