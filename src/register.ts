/**
 * Zero-code setup: `node --import infraprism/register app.js` (ESM) or
 * `node -r infraprism/register app.js` (CommonJS) instruments an unchanged app,
 * configured by environment variables alone.
 *
 * Built as CommonJS only (both export conditions load this file), because the ESM
 * loader hook must be registered relative to a file URL and `__filename` gives us ours.
 */
import * as nodeModule from 'node:module';
import { pathToFileURL } from 'node:url';
import { isMainThread } from 'node:worker_threads';
import { logger } from './diag.js';
import { PROVIDER_SDK_LIST } from './instrumentation/registry.js';
import { init, markEsmHookInstalled } from './setup/init.js';

/** The packages our instrumentations hook, by the bare specifier apps import them with. */
const ESM_HOOKED_MODULES: string[] = PROVIDER_SDK_LIST.map((sdk) => sdk.packageName);

// Node also runs `--require` preloads inside its module-hooks worker thread. There this
// file must do nothing: a second hook registration and a tracer provider in the loader
// thread help no one. (A user's own worker threads call `init()` themselves.)
if (isMainThread) {
  // Installs import-in-the-middle for modules imported from now on, so the ESM copy of
  // `openai` is patched as the CommonJS one is through require hooks.
  if (typeof nodeModule.register === 'function') {
    // Only the SDKs' entry modules are wrapped. Wrapping every module (the default) breaks
    // openai 4 under ESM: its shims live in `export let` bindings that the wrappers copy
    // before they are set ("you must import 'openai/shims/node'", nodejs/import-in-the-middle#113),
    // and it would put a wrapper around every module of the app for nothing.
    nodeModule.register('@opentelemetry/instrumentation/hook.mjs', pathToFileURL(__filename), {
      data: { include: ESM_HOOKED_MODULES },
    });
    markEsmHookInstalled();
  } else {
    logger.warn('this Node.js has no module.register(): ESM imports of the SDKs are not instrumented; use instrument({ openai })');
  }

  try {
    init();
  } catch (error) {
    // A preload must never stop the app from starting.
    logger.error(`infraprism/register could not initialize: ${error instanceof Error ? error.name : typeof error}`);
  }
}
