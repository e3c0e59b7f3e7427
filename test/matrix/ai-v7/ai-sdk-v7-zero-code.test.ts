// AI SDK 7 apps with nothing but `node --import infraprism/register`: generateText and streamText
// on the OpenAI and Anthropic providers and embed each give one priced, attributed span of ours per
// provider request, the caller's results are those of a plain run, and no content is exported.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { useZeroCodeBed, ZERO_CODE_CALLS } from '../../support/ai-sdk-zero-code.js';

const bed = useZeroCodeBed(dirname(fileURLToPath(import.meta.url)));

it('prices each provider call of an ESM app once, with the caller results of a plain run', async () => {
  const plain = await bed.runApp(['zero-code-app.mjs']);
  expect(plain.outputs).toHaveLength(ZERO_CODE_CALLS.length);
  expect(bed.fake.requests).toHaveLength(ZERO_CODE_CALLS.length);
  bed.fake.reset();

  const registered = await bed.runApp(['--import', 'infraprism/register', 'zero-code-app.mjs']);
  expect(registered.outputs).toEqual(plain.outputs);
  expect(bed.fake.requests).toHaveLength(ZERO_CODE_CALLS.length);

  const priced = await bed.expectOnePricedSpanPerCall(registered);
  expect(priced.every((span) => span.scope.name === 'infraprism-ai-sdk')).toBe(true);
});
