// init() checks every explicit option before it acts: a bad `prices` or `pricesRefresh` throws
// before the global MeterProvider, the tracer provider, the beforeExit hooks or the price
// entries are touched, and a later good init() works as if the bad one never ran.
import { metrics, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { init } from '../../src/index.js';
import { getActivePriceTable, lookupPrice, resetPriceTable, setCustomPrices } from '../../src/pricing/index.js';

const pricesFile = process.env['INFRAPRISM_PRICES_FILE'];
beforeEach(() => void delete process.env['INFRAPRISM_PRICES_FILE']);
afterEach(() => {
  if (pricesFile !== undefined) process.env['INFRAPRISM_PRICES_FILE'] = pricesFile;
  resetPriceTable();
});

function globalState() {
  return {
    meterProvider: metrics.getMeterProvider(),
    tracerProvider: (trace.getTracerProvider() as { getDelegate?: () => unknown }).getDelegate?.(),
    beforeExit: process.listenerCount('beforeExit'),
    priceTable: getActivePriceTable().version,
  };
}

describe('init() with a bad explicit price option', () => {
  it('throws and leaves the MeterProvider, tracer provider, exit hooks and price entries as they were', async () => {
    setCustomPrices([{ model: 'kept-entry', price: { input: 1, output: 1 } }]);
    const before = globalState();

    const bad = [
      { prices: { broken: { input: -1, output: 1 } } },
      { prices: 'gpt-4o' as never },
      { prices: { fine: { input: 1, output: 1 } }, pricesRefresh: { url: 'http://example.com/prices.json' } },
    ];
    for (const options of bad) {
      expect(() => init({ logLevel: 'none', endpoint: 'http://127.0.0.1:9', metrics: {}, ...options })).toThrow(TypeError);
      expect(globalState()).toEqual(before);
      expect(lookupPrice({ model: 'kept-entry' })?.isCustom).toBe(true);
      expect(lookupPrice({ model: 'fine' })).toBeUndefined();
    }

    // Nothing half done: a good init() afterwards sets everything up.
    const setup = init({ logLevel: 'none', endpoint: 'http://127.0.0.1:9', metrics: {}, prices: { fine: { input: 1, output: 1 } } });
    try {
      expect(lookupPrice({ model: 'fine' })?.isCustom).toBe(true);
      expect(metrics.getMeterProvider()).not.toBe(before.meterProvider);
      expect(process.listenerCount('beforeExit')).toBeGreaterThan(before.beforeExit);
    } finally {
      await setup.shutdown();
    }
  });
});
