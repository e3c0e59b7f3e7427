// The ESM form of setup.cjs, loaded with `node --import ./setup.mjs`: the loader hook the
// OpenTelemetry docs prescribe for ESM apps, then the same NodeSDK.
import { register } from 'node:module';
import { createRequire } from 'node:module';

register('@opentelemetry/instrumentation/hook.mjs', import.meta.url);
createRequire(import.meta.url)('./setup.cjs');
