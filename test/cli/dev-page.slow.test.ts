// The `infraprism dev` page in a real browser (Debian's chromium driven by playwright-core): a
// real app exports over OTLP/HTTP protobuf, and the open page shows the run's totals, updates
// without a reload as calls arrive, and renders an entity id full of markup as plain text.
// Slow (a browser start): runs with INFRAPRISM_SLOW_TESTS=1 in its own .ci/run stage, which
// installs chromium. INFRAPRISM_DEV_SCREENSHOT=<file.png> saves a screenshot of the page.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withEntity } from '../../src/index.js';
import { makeCanaries } from '../support/canaries.js';
import { makeKnownRun, startDevApp, type DevApp } from '../support/dev-known-run.js';

const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const MARKUP_ENTITY_ID = '<img src=x onerror="document.title=\'injected\'"><b>bold</b>';

const canaries = makeCanaries('dev_page');
let profile: string;
let app: DevApp;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  app = await startDevApp(canaries, { protocol: 'http/protobuf', metrics: false });
  // A fresh profile each run, so nothing cached from an earlier run shows.
  profile = await mkdtemp(join(tmpdir(), 'infraprism-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1400, height: 900 },
  });
  page = browser.pages()[0] ?? (await browser.newPage());
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  if (profile !== undefined) await rm(profile, { recursive: true, force: true });
});

const text = (selector: string): Promise<string> => page.locator(selector).innerText();

/** The rows of a table as cell texts, heading row left out. */
async function readRows(id: string): Promise<string[][]> {
  return page.locator(`#${id} tr`).evaluateAll((rows) =>
    rows.slice(1).map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent ?? '')),
  );
}

describe('the infraprism dev page in chromium', () => {
  it('shows the totals of a known run, updated live without a reload', async () => {
    await page.goto(app.dev.uiUrl);
    await page.locator('#connection[data-state="live"]').waitFor();
    expect(await text('#total-calls')).toBe('0');
    expect(await page.locator('#empty').isVisible()).toBe(true);
    // Survives only if the page is never reloaded.
    await page.evaluate(() => ((globalThis as unknown as { loadedOnce: boolean }).loadedOnce = true));

    const expected = await makeKnownRun(app.client, app.provider, canaries);
    await app.setup.flush();

    await page.locator('#total-calls', { hasText: String(expected.calls) }).waitFor();
    expect(await page.evaluate(() => (globalThis as unknown as { loadedOnce?: boolean }).loadedOnce)).toBe(true);
    expect(await page.locator('#empty').isVisible()).toBe(false);
    expect(await text('#total-input')).toBe(expected.inputTokens.toLocaleString('en-US'));
    expect(await text('#total-output')).toBe(expected.outputTokens.toLocaleString('en-US'));
    expect(await text('#total-unpriced')).toBe(String(Object.values(expected.unpriced).reduce((a, b) => a + b, 0)));
    const shownCost = Number((await text('#total-cost')).replace('$', ''));
    expect(shownCost).toBeCloseTo(expected.costUsd, 4);

    const entities = await readRows('by-entity');
    expect(entities.map(([key, calls]) => [key, calls])).toEqual([
      ['customer acme', String(expected.byEntity['customer acme']!.calls)],
      ['customer globex', String(expected.byEntity['customer globex']!.calls)],
      ['(none)', String(expected.byEntity['(none)']!.calls)],
    ].sort((a, b) => expected.byEntity[b[0]!]!.costUsd - expected.byEntity[a[0]!]!.costUsd));
    expect((await readRows('by-tag')).map(([key]) => key).sort()).toEqual(Object.keys(expected.byTag).sort());
    expect(await readRows('unpriced')).toEqual([['unknown_model', '1', 'infraprism-dev-unknown-model']]);
    expect((await readRows('latest')).length).toBe(expected.calls);
    expect(await page.content()).not.toContain('ipcanary');

    const screenshot = process.env['INFRAPRISM_DEV_SCREENSHOT'];
    if (screenshot !== undefined && screenshot !== '') await page.screenshot({ path: screenshot, fullPage: true });
  });

  it('renders an entity id full of markup as text, never as HTML', async () => {
    await withEntity({ type: 'customer', id: MARKUP_ENTITY_ID }, () =>
      app.client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: canaries.userMessage }] }),
    );
    await app.setup.flush();
    const cell = page.locator('#by-entity td', { hasText: 'onerror' });
    await cell.waitFor();
    expect(await cell.textContent()).toBe(`customer ${MARKUP_ENTITY_ID}`);
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('main b').count()).toBe(0);
    expect(await page.title()).toBe('InfraPrism dev');
  });
});
