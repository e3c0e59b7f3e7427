// An app's own tracing setup on the OpenTelemetry JS 3.x line (issue #4, items 6 and 7): a
// NodeSDK whose instrumentations are ours, the contrib OpenAI instrumentation, or both in the
// order MATRIX_INSTRUMENTATIONS names (comma-separated: infraprism, contrib; empty for none).
// Spans go as OTLP/JSON to OTLP_TRACES_URL; the SDK shuts down (and flushes) before exit.
const { NodeSDK } = require('@opentelemetry/sdk-node');
const { OTLPTraceExporter } = require('@opentelemetry/exporter-trace-otlp-http');
const { OpenAIInstrumentation: ContribOpenAIInstrumentation } = require('@opentelemetry/instrumentation-openai');
const { OpenAIInstrumentation } = require('infraprism');

const factories = {
  infraprism: () => new OpenAIInstrumentation(),
  contrib: () => new ContribOpenAIInstrumentation(),
};
const names = (process.env.MATRIX_INSTRUMENTATIONS ?? '').split(',').filter(Boolean);
const sdk = new NodeSDK({
  serviceName: 'otel-sdk-3-app',
  traceExporter: new OTLPTraceExporter({ url: process.env.OTLP_TRACES_URL }),
  instrumentations: names.map((name) => factories[name]()),
});
sdk.start();

let isShutDown = false;
process.on('beforeExit', () => {
  if (isShutDown) return;
  isShutDown = true;
  sdk.shutdown().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
});
