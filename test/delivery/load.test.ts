// Issue #7, item 5: 2,000 concurrent calls across 100 entities, streamed and not, in a child
// process with --expose-gc: every span arrives once with its own entity and tags, and the heap
// returns to its baseline. Then the same workload with the endpoint down: the heap stays
// bounded by the 1000-span buffer and every span past it is counted as dropped. Memory bounds
// are generous on purpose (a leak of the 2,000 spans' worth, or an unbounded queue, is far
// above them); no timing is asserted. The 100,000-call run is load-100k.slow.test.ts.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lastJsonLine, useChildAppBed } from '../support/child-apps.js';
import { entityOfCall, LOAD_APP_SOURCE, type LoadAppReport } from '../support/load-app.js';

const MB = 1024 * 1024;
const bed = useChildAppBed({ prepare: (dir) => writeFile(join(dir, 'load.mjs'), LOAD_APP_SOURCE) });

function runLoad(calls: number, env: Record<string, string>) {
  return bed.runChildApp(['--expose-gc', 'load.mjs'], {
    timeoutMs: 120_000,
    env: {
      OPENAI_BASE_URL: bed.provider.openaiBaseURL,
      OPENAI_API_KEY: 'sk-load',
      INFRAPRISM_ENDPOINT: bed.receiver.url,
      CALLS: String(calls),
      ENTITIES: '100',
      CONCURRENCY: '200',
      WARMUP: '1000',
      // The SDK's own retries cover a keep-alive socket the fake provider closes under load.
      MAX_RETRIES: '2',
      OTEL_LOG_LEVEL: 'error',
      ...env,
    },
  });
}

const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

describe('load', () => {
  it('delivers 2,000 concurrent calls once each with the right entity and tags, and frees the memory after', async () => {
    const result = await runLoad(2000, {});
    const report = lastJsonLine<LoadAppReport>(result);

    // The 2,000 measured calls and the 1,000 warm-up calls before the baseline.
    const spans = bed.receiver.spans();
    const spanIds = new Set(spans.map((span) => span.spanId));
    expect(spans).toHaveLength(3000);
    expect(spanIds.size).toBe(3000);
    const calls = new Set<number>();
    for (const span of spans) {
      const index = Number(span.attributes['infraprism.tag.call']);
      calls.add(index);
      expect(span.attributes['infraprism.entity.id'], `call ${index}`).toBe(entityOfCall(index, 100));
      expect(span.attributes['infraprism.entity.type']).toBe('customer');
      expect(span.attributes['infraprism.tag.feature']).toBe(index % 2 === 0 ? 'stream' : 'batch');
      expect(span.attributes['gen_ai.request.stream'] === true).toBe(index % 2 === 0);
      expect(span.attributes['gen_ai.usage.output_tokens']).toBe(500);
    }
    expect(calls.size).toBe(3000);
    expect(report.stats).toMatchObject({ spansDropped: 0, spansExported: 3000 });
    // Back to baseline (within 6 MB; 2,000 retained spans would add about 5 MB to the ~2 MB of warm-up residue).
    expect(report.heapAfter - report.heapBefore, JSON.stringify(report)).toBeLessThan(6 * MB);
    console.info(
      `[issue 7 load] 2000 calls (+1000 warm-up) delivered ${spanIds.size} distinct spans of ${spans.length}, dropped ${report.stats.spansDropped}; heap before ${mb(report.heapBefore)}, ` +
        `peak ${mb(report.heapPeak)}, mid-run after GC ${mb(report.heapMid)}, after ${mb(report.heapAfter)}`,
    );
  }, 120_000);

  it('keeps memory bounded by the buffer when the endpoint is down', async () => {
    const calls = Number(process.env['INFRAPRISM_LOAD_DOWN_CALLS'] ?? '5000');
    // Port 9 (discard) is closed on loopback: every export fails, nothing ever leaves the buffer.
    const result = await runLoad(calls, { INFRAPRISM_ENDPOINT: 'http://127.0.0.1:9', INFRAPRISM_FLUSH_TIMEOUT: '1000', OTEL_BSP_EXPORT_TIMEOUT: '500' });
    const report = lastJsonLine<LoadAppReport>(result);
    expect(report.stats.spansExported).toBe(0);
    expect(report.stats.spansDropped).toBe(calls + 1000 - 1000);
    // 1000 retained spans are a few MB; an unbounded queue of `calls` spans is far more.
    expect(report.heapAfter - report.heapBefore, JSON.stringify(report)).toBeLessThan(30 * MB);
    expect(report.heapMid - report.heapBefore, JSON.stringify(report)).toBeLessThan(30 * MB);
    console.info(
      `[issue 7 load, endpoint down] ${calls} calls, ${report.stats.spansDropped} dropped, ${report.stats.exportFailures} failed exports; ` +
        `heap before ${mb(report.heapBefore)}, peak ${mb(report.heapPeak)}, mid-run after GC ${mb(report.heapMid)}, after ${mb(report.heapAfter)}`,
    );
  }, 300_000);
});
