// Issue #6: init({ prices }) and INFRAPRISM_PRICES_FILE through the built package, in child
// processes: the ESM and CommonJS copies of the package price with the same table, importing
// loads no price table, and a bad explicit entry makes init() throw.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, describeRun, lastJsonLine, makeLinkedApp, runNode } from '../support/child-apps.js';

let app: { dir: string; remove: () => Promise<void> };

const ESM_APP = `
import { createRequire } from 'node:module';
import { init, calculateCost, lookupPrice } from 'infraprism';
const stateKey = Symbol.for('infraprism.price-state');
const loadedAtImport = globalThis[stateKey] !== undefined;
let threw = null;
try { init({ logLevel: 'none', prices: { broken: { input: -1, output: 1 } } }); } catch (error) { threw = error.name; }
const setup = init({ logLevel: 'none', endpoint: 'http://127.0.0.1:9', prices: { 'from-init': { input: 2, output: 2 } } });
const usage = { inputTokens: 1000000, outputTokens: 0 };
const cjs = createRequire(import.meta.url)('infraprism');
console.log(JSON.stringify({
  loadedAtImport,
  threw,
  fromFile: calculateCost({ model: 'from-file', usage }).usd,
  fromInit: calculateCost({ model: 'from-init', usage }).usd,
  fromInitViaCjs: cjs.calculateCost({ model: 'from-init', usage }).usd,
  bundled: lookupPrice({ provider: 'openai', model: 'gpt-4o' }).price.input,
  table: calculateCost({ model: 'from-init', usage }).priceTable,
}));
await setup.shutdown();
`;

beforeAll(async () => {
  assertBuilt();
  app = await makeLinkedApp();
  await writeFile(join(app.dir, 'app.mjs'), ESM_APP);
  await writeFile(join(app.dir, 'prices.json'), JSON.stringify({ 'from-file': { input: 1, output: 1 } }));
});
afterAll(async () => {
  await app?.remove();
});

describe('prices through init() in a real app', () => {
  it('adds init and file prices, shared by the ESM and CommonJS copies, with nothing loaded at import', async () => {
    const result = await runNode(['app.mjs'], { cwd: app.dir, env: { INFRAPRISM_PRICES_FILE: join(app.dir, 'prices.json') } });
    expect(result.code, describeRun(result)).toBe(0);
    const out = lastJsonLine<Record<string, unknown>>(result);
    expect(out).toMatchObject({ loadedAtImport: false, threw: 'TypeError', fromFile: 1, fromInit: 2, fromInitViaCjs: 2, bundled: 2.5 });
    expect(out['table']).toMatch(/^genai-prices@.*\+custom$/);
  });
});
