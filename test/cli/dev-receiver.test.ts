// `infraprism dev`: a real app (init() + openai against the fake provider) exports OTLP/HTTP JSON
// to the dev receiver; the page's state holds the run's totals per entity, model and tag, the
// unpriced calls by status, the metrics, and never a byte of content. --save keeps the session
// and a restart reloads it; --max-calls drops the oldest calls but never their totals.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer, type DevServer } from '../../src/cli/dev/dev-server.js';
import { findCanaries, makeCanaries } from '../support/canaries.js';
import { makeKnownRun, startDevApp, type DevApp, type KnownRunExpectation } from '../support/dev-known-run.js';
import { expectPageShowsRun, readPageState } from '../support/dev-page-state.js';

const canaries = makeCanaries('dev_json');
let work: string;
let saveFile: string;
let app: DevApp;
let dev: DevServer;
let lines: string[];
let expected: KnownRunExpectation;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'infraprism-dev-'));
  saveFile = join(work, 'session.jsonl');
  app = await startDevApp(canaries, {}, { saveFile });
  ({ dev, lines } = app);
  expected = await makeKnownRun(app.client, app.provider, canaries);
  await app.setup.flush();
});

afterAll(async () => {
  await app?.close();
  if (work !== undefined) await rm(work, { recursive: true, force: true });
});

describe('infraprism dev receiving OTLP/HTTP JSON from a real app', () => {
  it('shows the cost and calls of the run per entity, model and tag, and its unpriced calls by status', async () => {
    expectPageShowsRun(await readPageState(dev), expected);
  });

  it('lists the latest calls with model, tokens, cost, cost status, entity and duration, newest first', async () => {
    const { latest } = await readPageState(dev);
    expect(latest.map((call) => call.model)).toEqual(['infraprism-dev-unknown-model', 'gpt-4o-mini', 'gpt-4o', 'gpt-4o']);
    expect(latest[1]).toMatchObject({ entityType: 'customer', entityId: 'globex', inputTokens: 5000, outputTokens: 2000, costStatus: 'priced' });
    expect(latest[1]!.costUsd).toBeCloseTo(expected.byModel['gpt-4o-mini']!.costUsd, 12);
    expect(latest.every((call) => call.durationMs >= 0 && call.time > 0)).toBe(true);
  });

  it('receives the metrics too, and prints one line per received batch', async () => {
    const { received } = await readPageState(dev);
    expect(received.metricBatches).toBeGreaterThan(0);
    expect(received.metricNames).toEqual(expect.arrayContaining(['gen_ai.client.token.usage', 'infraprism.client.cost']));
    expect(lines.filter((line) => / traces {3}\d+ spans?, \d+ calls?, \$/.test(line)).length).toBe(received.traceBatches);
    expect(lines.filter((line) => / metrics {2}\d+ points of /.test(line)).length).toBe(received.metricBatches);
  });

  it('keeps every content canary out of the page state, the terminal and the session file', async () => {
    const state = JSON.stringify(await readPageState(dev));
    const html = await (await fetch(dev.uiUrl)).text();
    expect(findCanaries([state, html, ...lines, await readFile(saveFile, 'utf8')], canaries)).toEqual([]);
  });

  it('reloads the saved session after a restart, with the same totals', async () => {
    const before = await readPageState(dev);
    const restarted = await startDevServer({ port: 0, uiPort: 0, saveFile });
    try {
      expect(restarted.loaded).toEqual({ calls: expected.calls, skippedLines: 0 });
      const after = await readPageState(restarted);
      expectPageShowsRun(after, expected);
      expect(after.latest).toEqual(before.latest);
    } finally {
      await restarted.close();
    }
  });

  it('skips unreadable lines of a saved session and counts them', async () => {
    const file = join(work, 'damaged.jsonl');
    const good = (await readFile(saveFile, 'utf8')).split('\n')[0]!;
    await writeFile(file, `${good}\nnot json\n{"time":"yesterday"}\n${good.slice(0, 20)}`);
    const restarted = await startDevServer({ port: 0, uiPort: 0, saveFile: file });
    try {
      expect(restarted.loaded).toEqual({ calls: 1, skippedLines: 3 });
      expect(restarted.state().totals.calls).toBe(1);
    } finally {
      await restarted.close();
    }
  });

  it('fails to start, before listening, when the session file cannot be written', async () => {
    await expect(startDevServer({ port: 0, uiPort: 0, saveFile: join(work, 'no-such-folder', 'session.jsonl') })).rejects.toMatchObject({
      code: 'ENOENT',
    });
  });

  it('drops the oldest calls past --max-calls and keeps them in every total', async () => {
    const bounded = await startDevServer({ port: 0, uiPort: 0, saveFile, maxCalls: 2 });
    try {
      const state = await readPageState(bounded);
      expect(state.latest.map((call) => call.model)).toEqual(['infraprism-dev-unknown-model', 'gpt-4o-mini']);
      expect(state.droppedCalls).toBe(expected.calls - 2);
      expectPageShowsRun(state, expected);
    } finally {
      await bounded.close();
    }
  });
});

