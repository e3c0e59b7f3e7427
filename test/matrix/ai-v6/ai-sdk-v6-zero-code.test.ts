// AI SDK 6 apps with nothing but `infraprism/register` (ESM and CommonJS): the calls that set no
// `experimental_telemetry` run with telemetry on and content recording off, so generateText and
// streamText on the OpenAI and Anthropic providers and embed each give one priced, attributed
// `ai.*.do*` span per provider request; the caller's results are those of a plain run, and no
// content is exported.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useZeroCodeBed, ZERO_CODE_CALLS } from '../../support/ai-sdk-zero-code.js';

const bed = useZeroCodeBed(dirname(fileURLToPath(import.meta.url)));

const PROVIDER_CALL_SPANS = ['ai.generateText.doGenerate', 'ai.streamText.doStream', 'ai.generateText.doGenerate', 'ai.streamText.doStream', 'ai.embed.doEmbed'];

describe.each([
  { format: 'ESM', app: 'zero-code-app.mjs', preload: '--import' },
  { format: 'CommonJS', app: 'zero-code-app.cjs', preload: '--require' },
])('an AI SDK 6 $format app', ({ app, preload }) => {
  it('prices each provider call once, with the caller results of a plain run', async () => {
    const plain = await bed.runApp([app]);
    expect(plain.outputs).toHaveLength(ZERO_CODE_CALLS.length);
    bed.fake.reset();

    const registered = await bed.runApp([preload, 'infraprism/register', app]);
    expect(registered.outputs).toEqual(plain.outputs);
    expect(bed.fake.requests).toHaveLength(ZERO_CODE_CALLS.length);

    const priced = await bed.expectOnePricedSpanPerCall(registered);
    expect(priced.map((span) => span.name)).toEqual(PROVIDER_CALL_SPANS);
  });
});
