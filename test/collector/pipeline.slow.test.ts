// collector-config.yaml, unchanged, in the real collector (collector/builder-config.yaml), end to
// end on loopback: apps instrumented with init() (in this process) and with infraprism/register
// (a child process) export to the collector; Prometheus (Debian's) scrapes its prometheus
// exporter; two OTLP receivers stand for the tracing backend and InfraPrism. The span-derived
// cost per entity in PromQL must equal the sum of the span costs the backend received, the apps'
// own cost counter must arrive too, and another instrumentation's content must not leave the
// collector.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SpanKind } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { init, withEntity, type InfraPrism } from '../../src/index.js';
import { findCanaries, listCanaries, makeCanaries } from '../support/canaries.js';
import { assertBuilt, describeRun, makeLinkedApp, repoRoot, runNode } from '../support/child-apps.js';
import { startFakeProvider, type FakeProvider } from '../support/fake-provider/index.js';
import {
  allocateShippedPorts,
  COLLECTOR_BIN,
  eventually,
  readCollectorVersion,
  requireBinary,
  startShippedCollector,
  sumCostPerEntity,
  type CollectorProcess,
  type ShippedCollectorPorts,
} from '../support/otelcol.js';
import { startOtlpReceiver, type FlatSpan, type OtlpReceiver } from '../support/otlp-receiver.js';
import { readPrometheusVersion, startPrometheus, type PrometheusServer } from '../support/prometheus-server.js';

const collectorVersion = readCollectorVersion();
/** The real Vercel AI SDK 6, from its matrix folder (`node test/matrix/install.mjs ai-v6`). */
const AI_SDK_DIR = join(repoRoot, 'test', 'matrix', 'ai-v6');
const hasAiSdk = existsSync(join(AI_SDK_DIR, 'node_modules', 'ai'));
/** What this test uses of `ai` and `@ai-sdk/openai` (their types live in that folder only). */
interface AiSdk {
  generateText(options: Record<string, unknown>): Promise<unknown>;
  tool(definition: Record<string, unknown>): unknown;
  stepCountIs(count: number): unknown;
}
interface AiSdkOpenAI {
  createOpenAI(options: { apiKey: string; baseURL: string }): { chat(model: string): unknown };
}
const prometheusVersion = readPrometheusVersion();
const API_KEY = 'ipk_collector_e2e_secret';

function uniqueBySpanId(spans: readonly FlatSpan[]): FlatSpan[] {
  return [...new Map(spans.map((span) => [span.spanId, span])).values()];
}

function isClose(actual: number | undefined, expected: number): boolean {
  return actual !== undefined && Math.abs(actual - expected) <= 1e-9 * Math.max(1, Math.abs(expected));
}

if (collectorVersion === undefined) {
  requireBinary(`the collector binary (${COLLECTOR_BIN})`, 'run `npm run collector:build` (Go 1.26)');
} else if (prometheusVersion === undefined) {
  requireBinary('the prometheus binary', 'apt-get install prometheus (Debian)');
} else if (!hasAiSdk) {
  requireBinary('the AI SDK 6 matrix folder', 'run `node test/matrix/install.mjs ai-v6`');
} else {
  describe(`app -> collector-config.yaml (${collectorVersion}) -> Prometheus (${prometheusVersion}) and a tracing backend`, () => {
    let provider: FakeProvider;
    let backend: OtlpReceiver;
    let infraprism: OtlpReceiver;
    let collector: CollectorProcess;
    let prometheus: PrometheusServer;
    let ports: ShippedCollectorPorts;
    let queueDir: string;
    let setup: InfraPrism;

    beforeAll(async () => {
      assertBuilt();
      provider = await startFakeProvider();
      backend = await startOtlpReceiver();
      infraprism = await startOtlpReceiver();
      queueDir = await mkdtemp(join(tmpdir(), 'infraprism-otelcol-queue-'));
      ports = await allocateShippedPorts();
      collector = await startShippedCollector({
        ports,
        tracingBackend: backend.url,
        infraprismEndpoint: infraprism.url,
        infraprismApiKey: API_KEY,
        queueDir,
      });
      prometheus = await startPrometheus({ targets: [`127.0.0.1:${ports.prometheus}`] });
      setup = init({
        endpoint: `http://127.0.0.1:${ports.otlpHttp}`,
        serviceName: 'collector-e2e-init',
        logLevel: 'none',
        instrumentModules: { openai: OpenAI },
        metrics: { exportIntervalMillis: 1000, exportTimeoutMillis: 1000 },
      });
    }, 120_000);

    afterAll(async () => {
      await setup?.shutdown();
      await prometheus?.stop();
      await collector?.stop();
      await Promise.all([provider?.close(), backend?.close(), infraprism?.close()]);
      if (queueDir) await rm(queueDir, { recursive: true, force: true });
    }, 60_000);

    it('gives per entity in PromQL the sum of the span costs, with the apps’ own cost counter beside it, and every span to the backend', async () => {
      const client = new OpenAI({ apiKey: 'sk-test', baseURL: provider.openaiBaseURL, maxRetries: 0 });
      const chat = (model: string) => client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });
      await withEntity({ type: 'customer', id: 'acme-corp' }, async () => {
        await chat('gpt-4o');
        await chat('gpt-4o-mini');
      });
      await withEntity({ type: 'customer', id: 'globex' }, () => chat('gpt-4o'));

      // The zero-code path: an unchanged app under --import infraprism/register.
      const app = await makeLinkedApp();
      try {
        const source = `import OpenAI from 'openai';
          const client = new OpenAI();
          for (const [entity, model] of [['initech', 'gpt-4o'], ['initech', 'gpt-4o-mini'], ['globex', 'gpt-4o-mini']]) {
            await client.chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }], entity_type: 'customer', entity_id: entity });
          }`;
        const { writeFile } = await import('node:fs/promises');
        await writeFile(join(app.dir, 'register-app.mjs'), source);
        const result = await runNode(['--import', 'infraprism/register', 'register-app.mjs'], {
          cwd: app.dir,
          env: {
            OPENAI_BASE_URL: provider.openaiBaseURL,
            OPENAI_API_KEY: 'sk-child',
            INFRAPRISM_ENDPOINT: `http://127.0.0.1:${ports.otlpHttp}`,
            OTEL_SERVICE_NAME: 'collector-e2e-register',
          },
        });
        expect(result.code, describeRun(result)).toBe(0);
      } finally {
        await app.remove();
      }
      await setup.flush();

      // Every span reaches the tracing backend and InfraPrism, the key only in InfraPrism's header.
      const spans = uniqueBySpanId(await backend.waitForSpans(6, 60_000));
      expect(spans).toHaveLength(6);
      expect(spans.every((span) => span.kind === 3)).toBe(true);
      expect(new Set(spans.map((span) => span.resource['service.name']))).toEqual(new Set(['collector-e2e-init', 'collector-e2e-register']));
      await infraprism.waitForSpans(6, 60_000);
      expect(infraprism.traceRequests().every((request) => request.headers['authorization'] === `Bearer ${API_KEY}`)).toBe(true);
      expect(backend.requests.some((request) => JSON.stringify(request.headers).includes(API_KEY))).toBe(false);

      const expected = sumCostPerEntity(spans);
      expect([...expected.keys()].sort()).toEqual(['acme-corp', 'globex', 'initech']);
      for (const usd of expected.values()) expect(usd).toBeGreaterThan(0);

      // signaltometrics -> deltatocumulative -> prometheus exporter -> Prometheus.
      const perEntity = async (metric: string) => {
        const result = await prometheus.query(`sum by (infraprism_entity_id) (${metric})`);
        return new Map(result.map((sample) => [sample.metric['infraprism_entity_id']!, Number(sample.value[1])]));
      };
      const matches = (actual: Map<string, number>) => [...expected].every(([entity, usd]) => isClose(actual.get(entity), usd)) && actual.size === expected.size;
      const spanCost = await eventually('the span-derived cost of every entity in Prometheus', async () => {
        const actual = await perEntity('infraprism_span_cost_USD_total');
        return matches(actual) ? actual : undefined;
      }, 60_000, () => `expected ${JSON.stringify([...expected])}\n${collector.log().slice(-3000)}`);
      for (const [entity, usd] of expected) expect(spanCost.get(entity)).toBeCloseTo(usd, 12);

      // The apps' own counter (OTLP metrics from init() and register, through the collector).
      const clientCost = await eventually('the apps’ own cost counter of every entity in Prometheus', async () => {
        const actual = await perEntity('infraprism_client_cost_USD_total');
        return matches(actual) ? actual : undefined;
      }, 60_000, () => `expected ${JSON.stringify([...expected])}\n${collector.log().slice(-3000)}`);
      for (const [entity, usd] of expected) expect(clientCost.get(entity)).toBeCloseTo(usd, 12);
    }, 180_000);

    it('removes another instrumentation’s content attributes and events before they leave the collector', async () => {
      backend.reset();
      infraprism.reset();
      const canaries = makeCanaries('collector');
      // Another instrumentation's spans, exported by its own tracer provider straight to the
      // collector: nothing of InfraPrism's in the app scrubs them.
      const other = new BasicTracerProvider({
        spanProcessors: [new SimpleSpanProcessor(new OTLPTraceExporter({ url: `http://127.0.0.1:${ports.otlpHttp}/v1/traces` }))],
      });
      const tracer = other.getTracer('other-instrumentation');
      // The real Vercel AI SDK with recordInputs/recordOutputs on, against the fake provider: a
      // tool loop whose prompt, system message, tool description, arguments, result and answer
      // all go on its ai.* spans.
      const requireFromAiSdk = createRequire(join(AI_SDK_DIR, 'package.json'));
      const { generateText, tool, stepCountIs } = requireFromAiSdk('ai') as AiSdk;
      const { createOpenAI } = requireFromAiSdk('@ai-sdk/openai') as AiSdkOpenAI;
      const { z } = requireFromAiSdk('zod') as { z: { object(shape: Record<string, unknown>): unknown; string(): unknown } };
      provider.enqueue(
        '/v1/chat/completions',
        { toolCalls: [{ name: 'lookup', arguments: JSON.stringify({ query: canaries.toolCallArguments }) }] },
        { content: canaries.responseContent },
      );
      await generateText({
        model: createOpenAI({ apiKey: 'sk-test', baseURL: provider.openaiBaseURL }).chat('gpt-4o'),
        system: canaries.systemMessage,
        prompt: canaries.userMessage,
        tools: {
          lookup: tool({
            description: canaries.toolDescription,
            inputSchema: z.object({ query: z.string() }),
            execute: async () => canaries.toolResult,
          }),
        },
        stopWhen: stepCountIs(3),
        experimental_telemetry: { isEnabled: true, recordInputs: true, recordOutputs: true, tracer },
      });
      // The AI SDK's attribute names, as older versions also wrote them.
      tracer
        .startSpan('ai.generateText.doGenerate', {
          kind: SpanKind.INTERNAL,
          attributes: {
            'ai.operationId': 'ai.generateText.doGenerate',
            'ai.model.id': 'gpt-4o',
            'ai.prompt': JSON.stringify({ system: canaries.systemMessage, prompt: canaries.userMessage }),
            'ai.prompt.messages': JSON.stringify([{ role: 'user', content: canaries.userMessage }]),
            'ai.prompt.tools': [JSON.stringify({ name: 'lookup', description: canaries.toolDescription })],
            'ai.response.text': canaries.responseContent,
            'ai.response.toolCalls': JSON.stringify([{ args: canaries.toolCallArguments }]),
            'ai.usage.inputTokens': 12,
            'ai.usage.outputTokens': 34,
          },
        })
        .end();
      tracer.startSpan('ai.toolCall', { attributes: { 'ai.toolCall.args': canaries.toolCallArguments, 'ai.toolCall.result': canaries.toolResult } }).end();
      // OpenInference.
      tracer
        .startSpan('ChatCompletion', {
          attributes: {
            'openinference.span.kind': 'LLM',
            'input.value': canaries.userMessage,
            'output.value': canaries.responseContent,
            'llm.input_messages.0.message.content': canaries.systemMessage,
            'llm.output_messages.0.message.content': canaries.refusal,
            'llm.tools.0.tool.json_schema': canaries.toolParameters,
            'llm.token_count.prompt': 12,
          },
        })
        .end();
      // GenAI semantic conventions with content capture: attributes and content events.
      const semconv = tracer.startSpan('chat gpt-4o', {
        kind: SpanKind.CLIENT,
        attributes: {
          'gen_ai.operation.name': 'chat',
          'gen_ai.request.model': 'gpt-4o',
          'gen_ai.usage.input_tokens': 12,
          'gen_ai.input.messages': JSON.stringify([{ role: 'user', parts: [{ type: 'text', content: canaries.userMessage }] }]),
          'gen_ai.output.messages': JSON.stringify([{ role: 'assistant', parts: [{ type: 'text', content: canaries.responseContent }] }]),
          'gen_ai.system_instructions': canaries.systemMessage,
          'gen_ai.tool.definitions': JSON.stringify([{ name: canaries.toolName }]),
          'gen_ai.prompt.0.content': canaries.assistantMessage,
        },
      });
      semconv.addEvent('gen_ai.user.message', { content: canaries.userMessage });
      semconv.addEvent('gen_ai.choice', { message: canaries.responseContent });
      semconv.addEvent('gen_ai.client.inference.operation.details', { 'gen_ai.input.messages': canaries.userMessage });
      semconv.addEvent('retry', { 'gen_ai.prompt': canaries.userMessage, attempt: 2 });
      // Provider errors echo the request: the message goes, the type stays.
      semconv.recordException({ name: 'BadRequestError', message: `400 ${canaries.errorMessage}` });
      semconv.end();
      // Outside GenAI spans exception events are not ours to touch.
      const plain = tracer.startSpan('GET /health');
      plain.recordException({ name: 'TypeError', message: 'not content' });
      plain.end();
      await other.shutdown();

      // The canaries really were recorded: the AI SDK sent them to the provider.
      expect(provider.requests.map((request) => request.rawBody).join('\n')).toContain(canaries.toolResult);
      const handMade = ['ai.generateText.doGenerate', 'ai.toolCall', 'ChatCompletion', 'chat gpt-4o', 'GET /health'];
      for (const receiver of [backend, infraprism]) {
        // The AI SDK's own spans (generateText, two doGenerate steps, the tool call) and ours.
        const spans = await eventually('every span of the other instrumentation', () => {
          const received = receiver.spans();
          return received.length >= handMade.length + 4 ? received : undefined;
        }, 60_000, () => JSON.stringify(receiver.spans().map((span) => span.name)));
        const aiSdkSpans = spans.filter((span) => span.scope.name !== 'other-instrumentation' || span.name.startsWith('ai.'));
        expect(aiSdkSpans.filter((span) => span.name === 'ai.generateText.doGenerate').length).toBeGreaterThanOrEqual(3);
        expect(spans.some((span) => span.name === 'ai.generateText')).toBe(true);
        expect(findCanaries(receiver.receivedBytes(), listCanaries(canaries))).toEqual([]);
        const byName = new Map(spans.filter((span) => span.name !== 'ai.generateText.doGenerate').map((span) => [span.name, span]));
        // Counts and models stay.
        const steps = spans.filter((span) => span.name === 'ai.generateText.doGenerate');
        expect(steps.some((span) => span.attributes['ai.usage.inputTokens'] === 12 && span.attributes['ai.model.id'] === 'gpt-4o')).toBe(true);
        expect(steps.some((span) => span.attributes['ai.usage.inputTokens'] === 150)).toBe(true);
        expect(byName.get('ChatCompletion')!.attributes).toMatchObject({ 'llm.token_count.prompt': 12 });
        const chat = byName.get('chat gpt-4o')!;
        expect(chat.attributes).toMatchObject({ 'gen_ai.usage.input_tokens': 12, 'gen_ai.request.model': 'gpt-4o' });
        // The content events are gone; a non-content event stays, without its content attribute.
        expect(chat.events.map((event) => event.name)).toEqual(['retry', 'exception']);
        expect(chat.events[0]!.attributes).toEqual({ attempt: 2 });
        expect(chat.events[1]!.attributes).toEqual({ 'exception.type': 'BadRequestError' });
        expect(byName.get('GET /health')!.events[0]!.attributes).toMatchObject({ 'exception.message': 'not content' });
      }
    }, 120_000);
  });
}
