import { createRequire } from 'node:module';
import { join } from 'node:path';
import { diag, DiagConsoleLogger, DiagLogLevel, trace, type TracerProvider } from '@opentelemetry/api';
import { registerInstrumentations, type Instrumentation } from '@opentelemetry/instrumentation';
import { ensureContextManager } from '../attribution/index.js';
import type { InitOptions, LogLevel } from '../config/options.js';
import { checkCallContextOption, resolveCallContextMode } from '../config/resolve-call-context.js';
import { resolveConfig, resolveLogLevel } from '../config/resolve-config.js';
import { logger, warnOnce } from '../diag.js';
import { createTracingPipeline, type TracingPipeline } from '../export/tracing-pipeline.js';
import { AiSdkInstrumentation } from '../instrumentation/ai-sdk/index.js';
import { setCallContextMode } from '../instrumentation/core/call-context.js';
import { PROVIDER_SDK_LIST } from '../instrumentation/registry.js';
import { setUpMetrics } from '../metrics/setup-metrics.js';
import { applyPriceOptions, checkPriceOptions } from '../pricing/index.js';
import { createSdkInstrumentations, hasHandedOverModules, instrument } from './instrument.js';

/** What `init()` returns. */
export interface InfraPrism {
  /** The provider spans go to: ours, or the app's own when it already had one. */
  readonly tracerProvider: TracerProvider;
  readonly instrumentations: readonly Instrumentation[];
  /**
   * Exports every pending span now; resolves when they are delivered, when an attempt
   * fails (they stay for the background retry), or after `flushTimeoutMillis`
   * (default 5000). Never rejects.
   */
  flush(): Promise<void>;
  /**
   * Flushes (same bound) and stops exporting; spans still undelivered are dropped and
   * counted. Idempotent: every call returns the same promise. The SDKs stay patched, so
   * calls made afterwards still work — and our per-call params are still kept from the
   * provider.
   */
  shutdown(): Promise<void>;
}

// Shared across the ESM and CJS copies of this package: one setup per process.
const ACTIVE_SETUP = Symbol.for('infraprism.active-setup');
const ESM_HOOK_INSTALLED = Symbol.for('infraprism.esm-hook-installed');
type GlobalWithSetup = { [ACTIVE_SETUP]?: InfraPrism; [ESM_HOOK_INSTALLED]?: true };

/** Called by `infraprism/register` once the ESM loader hook is in place. */
export function markEsmHookInstalled(): void {
  (globalThis as GlobalWithSetup)[ESM_HOOK_INSTALLED] = true;
}

/**
 * The most common "zero spans, no warning": an ESM app calling `init()` in code.
 * Without the loader hook, `import OpenAI from 'openai'` is never seen by us. An ESM
 * entry point has no CommonJS main module, which is how we tell.
 */
function warnIfEsmImportsAreUnhooked(): void {
  if ((globalThis as GlobalWithSetup)[ESM_HOOK_INSTALLED]) return;
  const appRequire = createRequire(join(process.cwd(), 'noop.js'));
  if (appRequire.main !== undefined) return;
  const installed = PROVIDER_SDK_LIST.filter((sdk) => canResolve(appRequire, sdk.packageName));
  if (installed.length === 0) return;
  warnOnce(
    'esm-unhooked',
    `this app starts as an ES module and the InfraPrism loader hook is not installed: an \`import\` of ${installed.map((sdk) => sdk.packageName).join(' or ')} is not traced. Start node with --import infraprism/register, or hand the module over with instrument({ <key>: <module> }) (keys: ${installed.map((sdk) => sdk.id).join(', ')})`,
  );
}

/**
 * Sets up tracing of LLM calls: our delivery processor (batching, retry, one bounded
 * buffer; see export/delivery-processor.ts) exporting OTLP/HTTP (unless the
 * app already registered a tracer provider, e.g. with NodeSDK — then we use it and
 * never install a second one) and the SDK instrumentations. Calling it again
 * returns the first setup.
 */
export function init(options: InitOptions = {}): InfraPrism {
  const holder = globalThis as GlobalWithSetup;
  const active = holder[ACTIVE_SETUP];
  if (active) {
    warnOnce('init-twice', 'init() was called again; keeping the first setup (its options stay in force)');
    return active;
  }
  const hasAppProvider = hasRegisteredTracerProvider();
  if (!hasAppProvider) {
    // An app without its own tracer provider has no diag logger either: without one
    // our warnings (a bad env value, an unknown model, an unsupported SDK version)
    // would be silent. Installed before the options are read, so theirs are heard too.
    const logLevel = resolveLogLevel(options.logLevel, process.env);
    if (logLevel !== 'none') {
      diag.setLogger(new DiagConsoleLogger(), { logLevel: DIAG_LEVELS[logLevel], suppressOverrideMessage: true });
    }
  }
  const config = resolveConfig(options, process.env);
  // Every explicit option is checked before anything global is set up (MeterProvider, exit
  // hooks, price entries), so a bad one throws with nothing half done. Prices: your own entries
  // and the opt-in refresh, checked here and put in force below.
  const checkedPrices = checkPriceOptions(options, process.env);
  const callContextMode = resolveCallContextMode(checkCallContextOption(options.callContext), process.env);
  // Metrics: on the app's MeterProvider, or ours exporting OTLP/HTTP; setUpMetrics checks its
  // options before it registers anything.
  const metricsSetup = setUpMetrics(options, config, !hasAppProvider);
  const priceRefresh = applyPriceOptions(checkedPrices);
  setCallContextMode(callContextMode);
  ensureContextManager();

  let pipeline: TracingPipeline | undefined;
  let tracerProvider: TracerProvider;
  if (hasAppProvider) {
    logger.info(
      'a tracer provider is already registered: InfraPrism adds its instrumentations to it and exports nothing on its own; list new InfraPrismSpanProcessor() first in its spanProcessors to price, attribute and scrub the GenAI spans of other instrumentations',
    );
    tracerProvider = trace.getTracerProvider();
  } else {
    pipeline = createTracingPipeline({
      config,
      ...(options.spanExporter ? { spanExporter: options.spanExporter } : {}),
      ...(options.resourceAttributes ? { resourceAttributes: options.resourceAttributes } : {}),
    });
    trace.setGlobalTracerProvider(pipeline.provider);
    tracerProvider = pipeline.provider;
  }

  const handsModulesOver =
    Object.values(options.instrumentModules ?? {}).some((moduleExports) => moduleExports !== undefined) ||
    hasHandedOverModules();
  if (!handsModulesOver) warnIfEsmImportsAreUnhooked();

  const instrumentations: Instrumentation[] = [...createSdkInstrumentations(options), new AiSdkInstrumentation()];
  if (metricsSetup) instrumentations.push(metricsSetup.instrumentation);
  registerInstrumentations({
    instrumentations,
    tracerProvider,
    ...(metricsSetup ? { meterProvider: metricsSetup.meterProvider } : {}),
  });
  if (options.instrumentModules) instrument(options.instrumentModules);

  let shutdownPromise: Promise<void> | undefined;
  const setup: InfraPrism = {
    tracerProvider,
    instrumentations,
    // Never rejects: an unreachable backend is reported on the diag logger, and code
    // like `await flush(); process.exit()` must not start throwing because of us.
    flush: async () => {
      await Promise.all([
        (pipeline ? pipeline.forceFlush() : flushProvider(tracerProvider)).catch((error: unknown) => {
          logger.warn(`flush: some spans could not be exported (${describeExportError(error)})`);
        }),
        metricsSetup?.flush(),
      ]);
    },
    shutdown() {
      shutdownPromise ??= (async () => {
        if (holder[ACTIVE_SETUP] === setup) delete holder[ACTIVE_SETUP];
        priceRefresh?.stop();
        if (pipeline) {
          await pipeline.shutdown();
          trace.disable();
        }
        await metricsSetup?.shutdown();
      })();
      return shutdownPromise;
    },
  };
  holder[ACTIVE_SETUP] = setup;
  return setup;
}

function canResolve(appRequire: NodeJS.Require, specifier: string): boolean {
  try {
    appRequire.resolve(specifier);
    return true;
  } catch {
    return false;
  }
}

const DIAG_LEVELS: Readonly<Record<Exclude<LogLevel, 'none'>, DiagLogLevel>> = {
  error: DiagLogLevel.ERROR,
  warn: DiagLogLevel.WARN,
  info: DiagLogLevel.INFO,
  debug: DiagLogLevel.DEBUG,
  verbose: DiagLogLevel.VERBOSE,
  all: DiagLogLevel.ALL,
};

/** True when something other than the API's no-op provider is registered. */
function hasRegisteredTracerProvider(): boolean {
  const proxy = trace.getTracerProvider() as TracerProvider & { getDelegate?: () => TracerProvider };
  const delegate = proxy.getDelegate ? proxy.getDelegate() : proxy;
  return delegate.constructor.name !== 'NoopTracerProvider';
}

function describeExportError(error: unknown): string {
  const first = Array.isArray(error) ? (error as unknown[])[0] : error;
  const code = (first as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string' || typeof code === 'number') return String(code);
  return first instanceof Error ? first.name : typeof first;
}

async function flushProvider(provider: TracerProvider): Promise<void> {
  const flushable = provider as TracerProvider & { forceFlush?: () => Promise<void> };
  const delegate = (provider as { getDelegate?: () => TracerProvider }).getDelegate?.() as typeof flushable | undefined;
  await (delegate ?? flushable).forceFlush?.();
}
