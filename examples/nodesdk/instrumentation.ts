/**
 * An app that already runs the OpenTelemetry NodeSDK adds InfraPrism's instrumentation to it:
 * its spans then go wherever the app's traces go, through the app's exporter and resource.
 * `init()` is not called: with a tracer provider already registered it would only add the same
 * instrumentation.
 *
 * Loaded before the app with --import, as OpenTelemetry's own docs do it for ES modules:
 *
 *   OTEL_EXPORTER_OTLP_ENDPOINT=http://localhost:4318 \
 *     npx tsx --import ./examples/nodesdk/instrumentation.ts examples/nodesdk/app.ts
 */
import { register } from 'node:module';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OpenAIInstrumentation } from 'infraprism';

// ES modules are only seen through this loader hook; a CommonJS app does not need it.
register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);

const sdk = new NodeSDK({
  serviceName: 'nodesdk-example',
  traceExporter: new OTLPTraceExporter(),
  instrumentations: [new OpenAIInstrumentation()],
});
sdk.start();

// The app's shutdown exports what is still queued; NodeSDK does not flush on its own at exit.
process.once('beforeExit', () => void sdk.shutdown());
