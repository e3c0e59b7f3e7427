import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK, INSTRUMENTATION_SCOPE_BEDROCK } from '../../semconv.js';
import type { ProviderTarget } from '../core/operation.js';
import { readObject } from '../core/readers.js';
import type { SdkDefinition } from '../core/sdk-definition.js';
import { describeCommand, readCommandInput } from './commands.js';

export type BedrockRuntimeInstrumentationConfig = InstrumentationConfig;

/** The `@aws-sdk/client-bedrock-runtime` majors we patch; others get one warning. */
export const SUPPORTED_BEDROCK_RUNTIME_MAJORS: readonly number[] = [3];

const TARGET: ProviderTarget = Object.freeze({ providerName: GEN_AI_PROVIDER_NAME_VALUE_AWS_BEDROCK });

/**
 * `@aws-sdk/client-bedrock-runtime` (v3). Every command goes through the client's `send` (the
 * aggregated `BedrockRuntime` class's `converse()` and the others call it too), so `send` is the
 * one method patched and the command picks the operation (commands.ts). Its result is a plain
 * promise of an output object, which for the stream commands holds the event stream. A
 * callback-style `send(command, callback)` passes through untraced.
 */
export const BEDROCK_RUNTIME_SDK: SdkDefinition<BedrockRuntimeInstrumentationConfig> = {
  id: 'bedrockRuntime',
  packageName: '@aws-sdk/client-bedrock-runtime',
  instrumentationName: INSTRUMENTATION_SCOPE_BEDROCK,
  supportedMajors: SUPPORTED_BEDROCK_RUNTIME_MAJORS,
  commonJsMainFiles: ['dist-cjs/index.js'],
  rootName: 'the BedrockRuntimeClient class',
  findRoot: findBedrockRuntimeClient,
  resultKind: 'promise',
  tracedMarker: Symbol.for('infraprism.bedrock-runtime.traced'),
  targets: [
    {
      path: [],
      method: 'send',
      descriptor: undefined,
      selectDescriptor: describeCommand,
      readParams: readCommandInput,
      isRequired: true,
    },
  ],
  readTarget: () => TARGET,
};

/** The module's `BedrockRuntimeClient` class, the root `send` is patched on (its prototype). */
function findBedrockRuntimeClient(moduleExports: unknown): object | undefined {
  const record = readObject(moduleExports) ?? (typeof moduleExports === 'function' ? (moduleExports as unknown as Record<string, unknown>) : undefined);
  const candidates = [record?.['BedrockRuntimeClient'], readObject(record?.['default'])?.['BedrockRuntimeClient']];
  return candidates.find((candidate): candidate is object => typeof candidate === 'function');
}
