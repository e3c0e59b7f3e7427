import {
  InstrumentationBase,
  type InstrumentationConfig,
  type InstrumentationNodeModuleDefinition,
} from '@opentelemetry/instrumentation';
import { GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK, INSTRUMENTATION_SCOPE_BEDROCK } from '../../semconv.js';
import { PACKAGE_VERSION } from '../../version.js';
import { reportInternalError } from '../core/errors.js';
import type { OperationDescriptor, ProviderTarget } from '../core/operation.js';
import {
  defineSdkModule,
  findClientClass,
  patchPreloadedCommonJsCopies,
  patchSdkModule,
  patchTargets,
  unpatchTargets,
  type PatchTarget,
  type PatchedSdk,
} from '../core/patch-targets.js';
import { createTracedMethod, type Method } from '../core/traced-method.js';
import { describeCommand, readCommandInput } from './commands.js';

export type BedrockRuntimeInstrumentationConfig = InstrumentationConfig;

/** The `@aws-sdk/client-bedrock-runtime` majors we patch; others get one warning. */
export const SUPPORTED_BEDROCK_RUNTIME_MAJORS: readonly number[] = [3];

const BEDROCK_RUNTIME_SDK: PatchedSdk = {
  packageName: '@aws-sdk/client-bedrock-runtime',
  warnKey: 'bedrock-runtime',
  clientClassName: 'BedrockRuntimeClient',
  supportedMajors: SUPPORTED_BEDROCK_RUNTIME_MAJORS,
  mainFile: 'dist-cjs/index.js',
  tracedMarker: Symbol.for('infraprism.bedrock-runtime.traced'),
};

// Every command goes through the client's `send` (the aggregated `BedrockRuntime` class's
// `converse()` etc. call it too), so `send` is the one method patched; the command says what the
// call is.
const PATCH_TARGETS: readonly PatchTarget[] = [{ path: [], method: 'send', isRequired: true }];

const TARGET: ProviderTarget = Object.freeze({ providerName: GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK });

/**
 * OpenTelemetry instrumentation for `@aws-sdk/client-bedrock-runtime` (v3): `Converse`,
 * `ConverseStream`, `InvokeModel` and `InvokeModelWithResponseStream` each become one CLIENT span
 * with tokens (cache reads and writes included), cost and attribution. Add it to a NodeSDK's
 * `instrumentations`, or let `init()` register it.
 */
export class BedrockRuntimeInstrumentation extends InstrumentationBase<BedrockRuntimeInstrumentationConfig> {
  constructor(config: BedrockRuntimeInstrumentationConfig = {}) {
    super(INSTRUMENTATION_SCOPE_BEDROCK, PACKAGE_VERSION, config);
  }

  // Runs inside the base constructor: no subclass fields may be used here.
  protected override init(): InstrumentationNodeModuleDefinition[] {
    return [defineSdkModule(BEDROCK_RUNTIME_SDK, this)];
  }

  override enable(): void {
    super.enable();
    patchPreloadedCommonJsCopies(BEDROCK_RUNTIME_SDK, (moduleExports, version) => this.patchModule(moduleExports, version));
  }

  /**
   * Patches an `@aws-sdk/client-bedrock-runtime` module (its namespace or exports). Used by the
   * module hooks and by `instrument({ bedrockRuntime })`; safe to call twice.
   */
  patchModule(moduleExports: unknown, version?: string): void {
    patchSdkModule(BEDROCK_RUNTIME_SDK, moduleExports, version, (clientClass) =>
      patchTargets(BEDROCK_RUNTIME_SDK, clientClass, PATCH_TARGETS, (original) => this.createSend(original)),
    );
  }

  unpatchModule(moduleExports: unknown): void {
    const clientClass = findClientClass(BEDROCK_RUNTIME_SDK, moduleExports);
    if (clientClass) unpatchTargets(BEDROCK_RUNTIME_SDK, clientClass, PATCH_TARGETS);
  }

  /** `send(command, options?, callback?)`, traced per operation; callbacks pass through untraced. */
  private createSend(original: Method): Method {
    const traced = new Map<OperationDescriptor, Method>();
    const tracedFor = (descriptor: OperationDescriptor): Method => {
      let method = traced.get(descriptor);
      if (method === undefined) {
        method = createTracedMethod(original, {
          descriptor,
          getTracer: () => this.tracer,
          readTarget: () => TARGET,
          readParams: readCommandInput,
        });
        traced.set(descriptor, method);
      }
      return method;
    };
    return function send(this: unknown, command: unknown, ...rest: unknown[]): unknown {
      let method: Method = original;
      try {
        const descriptor = describeCommand(command);
        if (descriptor !== undefined && typeof rest.at(-1) !== 'function') method = tracedFor(descriptor);
      } catch (error) {
        reportInternalError('reading a Bedrock command', error);
      }
      return method.call(this, command, ...rest);
    };
  }
}
