/**
 * The bed of the zero-code AI SDK tests (test/matrix/ai-v6, ai-v7): an app in the matrix folder
 * that makes its AI SDK calls (ai-sdk-zero-code-calls.mjs) with no telemetry setup, run once plainly
 * and once under `infraprism/register`, against the fake provider, exporting to a loopback receiver.
 * `node_modules/infraprism` in the folder links to this repo's build, as an installed package would.
 */
import { existsSync } from 'node:fs';
import { rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { CANARY_MARKER, findCanaries, makeCanaries, type Canaries } from './canaries.js';
import { assertBuilt, describeRun, lastJsonLine, repoRoot, runNode, type RunResult } from './child-apps.js';
import { startFakeProvider, type FakeProvider } from './fake-provider/index.js';
import { startOtlpReceiver, type FlatSpan, type OtlpReceiver } from './otlp-receiver.js';

export interface ZeroCodeRun {
  readonly result: RunResult;
  /** What the app's caller saw: its results, as printed by the app. */
  readonly outputs: unknown;
}

export interface ZeroCodeBed {
  readonly fake: FakeProvider;
  readonly receiver: OtlpReceiver;
  readonly canaries: Canaries;
  /** Runs `node ...args` in the folder, with the provider keys, URLs and canaries in its environment. */
  runApp(args: readonly string[]): Promise<ZeroCodeRun>;
  /**
   * Waits for the spans of the registered run and checks that each call of {@link ZERO_CODE_CALLS}
   * has exactly one priced, attributed span and that no exported byte holds a canary. Returns the
   * priced spans in start order.
   */
  expectOnePricedSpanPerCall(run: ZeroCodeRun): Promise<FlatSpan[]>;
}

export function useZeroCodeBed(appDir: string): ZeroCodeBed {
  const linkPath = join(appDir, 'node_modules', 'infraprism');
  const canaries = makeCanaries('zero-code');
  const bed = {
    canaries,
    async runApp(args: readonly string[]): Promise<ZeroCodeRun> {
      const result = await runNode(args, {
        cwd: appDir,
        env: {
          OPENAI_BASE_URL: bed.fake.openaiBaseURL,
          OPENAI_API_KEY: `sk-${canaries.apiKey}`,
          ANTHROPIC_BASE_URL: bed.fake.anthropicBaseURL,
          ANTHROPIC_API_KEY: `sk-ant-${canaries.apiKey}`,
          INFRAPRISM_ENDPOINT: bed.receiver.url,
          CANARIES: JSON.stringify(canaries),
          // The AI SDK's warnings (deprecations) are not what these tests are about.
          NODE_NO_WARNINGS: '1',
        },
        timeoutMs: 60_000,
      });
      expect(result.code, describeRun(result)).toBe(0);
      return { result, outputs: lastJsonLine<unknown>(result) };
    },
    async expectOnePricedSpanPerCall(run: ZeroCodeRun): Promise<FlatSpan[]> {
      const spans = await bed.receiver.waitForSpans(ZERO_CODE_CALLS.length);
      const priced = spans.filter((span) => span.attributes['infraprism.cost.usd'] !== undefined);
      expect(priced, describeRun(run.result)).toHaveLength(ZERO_CODE_CALLS.length);
      const byStart = [...priced].sort((a, b) => Number(BigInt(a.startTimeUnixNano) - BigInt(b.startTimeUnixNano)));
      byStart.forEach((span, index) => {
        const call = ZERO_CODE_CALLS[index]!;
        expect(span.attributes).toMatchObject({
          'gen_ai.provider.name': call.provider,
          'gen_ai.operation.name': call.operation,
          'infraprism.cost.status': 'priced',
          'infraprism.entity.type': 'customer',
          'infraprism.entity.id': 'acme',
          'infraprism.tag.feature': 'zero-code',
        });
        expect(span.attributes['infraprism.cost.usd']).toBeCloseTo(call.cost, 12);
      });
      expect(findCanaries(bed.receiver.receivedBytes(), canaries)).toEqual([]);
      expect(bed.receiver.receivedBytes().some((bytes) => bytes.includes(CANARY_MARKER))).toBe(false);
      return byStart;
    },
  } as ZeroCodeBed & { fake: FakeProvider; receiver: OtlpReceiver };
  beforeAll(async () => {
    assertBuilt();
    if (!existsSync(join(appDir, 'node_modules', 'ai'))) throw new Error(`run npm ci --prefix ${appDir} first`);
    await rm(linkPath, { force: true, recursive: true });
    await symlink(repoRoot, linkPath, 'dir');
    bed.fake = await startFakeProvider();
    bed.receiver = await startOtlpReceiver();
  });
  afterAll(async () => {
    await rm(linkPath, { force: true, recursive: true });
    await Promise.all([bed.fake?.close(), bed.receiver?.close()]);
  });
  beforeEach(() => {
    bed.fake?.reset();
    bed.receiver?.reset();
  });
  return bed;
}

/** Each call of ai-sdk-zero-code-calls.mjs, in order: the provider, the operation, the cost of the fake's default usage. */
export const ZERO_CODE_CALLS = [
  // gpt-4o: 150 in at $2.50, 500 out at $10 per 1M.
  { provider: 'openai', operation: 'chat', cost: 0.005375 },
  { provider: 'openai', operation: 'chat', cost: 0.005375 },
  // claude-sonnet-4: 150 in at $3, 500 out at $15 per 1M.
  { provider: 'anthropic', operation: 'chat', cost: 0.00795 },
  { provider: 'anthropic', operation: 'chat', cost: 0.00795 },
  // text-embedding-3-small: 150 in at $0.02 per 1M.
  { provider: 'openai', operation: 'embeddings', cost: 0.000003 },
] as const;
