/**
 * `infraprism doctor`: the silent failures ("I set it up and got zero spans, no warning") found
 * from an app's folder, each with its fix in one line. Every fact it checks against comes from
 * src/: the supported SDK versions, the endpoint resolution, the price table's date.
 */
import * as nodeModule from 'node:module';
import { join } from 'node:path';
import { convertLegacyHttpOptions } from '@opentelemetry/otlp-exporter-base/node-http';
import { resolveConfig } from '../config/resolve-config.js';
import { PROVIDER_SDK_LIST } from '../instrumentation/registry.js';
import { BUNDLED_PRICES_AS_OF } from '../pricing/index.js';
import {
  findConfigFiles,
  findInstalledVersion,
  hasSourceMatching,
  readAppPackageJson,
  readText,
  readTsconfigModule,
} from './app-folder.js';
import type { Finding } from './findings.js';
import { isInRange, readOwnPeerRange } from './own-package.js';

export interface DoctorOptions {
  /** The app's folder. */
  dir: string;
  env: Readonly<Record<string, string | undefined>>;
  /** How long the endpoint may take to answer. */
  timeoutMs: number;
  /** Today, for the price table's age. */
  now: Date;
}

export async function runDoctor(options: DoctorOptions): Promise<Finding[]> {
  return [
    checkNode(),
    ...checkSdkVersions(options.dir),
    checkModuleSystem(options.dir),
    ...checkBundlers(options.dir),
    await checkEndpoint(options.env, options.timeoutMs),
    checkPriceTable(options.now),
  ];
}

function checkNode(): Finding {
  if (typeof nodeModule.register === 'function') {
    return { check: 'node', status: 'ok', message: `Node.js ${process.version} can load the ESM hook of infraprism/register` };
  }
  return {
    check: 'node',
    status: 'problem',
    message: `Node.js ${process.version} has no module.register(): ES module imports of the SDKs cannot be hooked`,
    fix: 'use Node.js 20.6 or later, or hand the SDK over with instrument({ openai: OpenAI })',
  };
}

interface SdkSupport {
  name: string;
  /** How the supported versions read, e.g. `majors 4, 5, 6, 7`. */
  supported: string;
  isSupported(version: string): boolean;
  fix: string;
}

function sdkSupport(): SdkSupport[] {
  return PROVIDER_SDK_LIST.map((sdk) => {
    // Under 1.0 every minor may break (semver), so a 0.x line is checked against our peer range.
    const range = sdk.supportedMajors.includes(0) ? readOwnPeerRange(sdk.packageName) : undefined;
    if (sdk.supportedMajors.includes(0)) {
      return {
        name: sdk.packageName,
        supported: range ?? 'unknown range',
        isSupported: (version: string) => range !== undefined && isInRange(version, range),
        fix: `npm install ${sdk.packageName}@'${range ?? 'latest'}'`,
      };
    }
    return {
      name: sdk.packageName,
      supported: `majors ${sdk.supportedMajors.join(', ')}`,
      isSupported: (version: string) => sdk.supportedMajors.includes(Number.parseInt(version, 10)),
      fix: `npm install ${sdk.packageName}@${Math.max(...sdk.supportedMajors)}`,
    };
  });
}

function checkSdkVersions(dir: string): Finding[] {
  const findings: Finding[] = [];
  for (const sdk of sdkSupport()) {
    const installed = findInstalledVersion(dir, sdk.name);
    if (installed === undefined) {
      findings.push({ check: 'sdk', status: 'note', message: `${sdk.name} is not installed here` });
    } else if (sdk.isSupported(installed.version)) {
      findings.push({ check: 'sdk', status: 'ok', message: `${sdk.name} ${installed.version} is supported (${sdk.supported})` });
    } else {
      findings.push({
        check: 'sdk',
        status: 'problem',
        message: `${sdk.name} ${installed.version} is not supported (${sdk.supported}): its calls are not traced`,
        fix: sdk.fix,
      });
    }
  }
  return findings;
}

/** ESM or CommonJS decides how InfraPrism must be loaded: the most common cause of zero spans. */
function checkModuleSystem(dir: string): Finding {
  const pkg = readAppPackageJson(dir);
  const tsModule = readTsconfigModule(dir)?.toLowerCase();
  const isTypeModule = pkg?.type === 'module';
  // TypeScript's `module` decides what the compiled files are; node16/nodenext follow "type".
  const isEsm = tsModule === undefined || tsModule.startsWith('node') ? isTypeModule : tsModule !== 'commonjs';
  const source = [`package.json "type": ${isTypeModule ? '"module"' : pkg?.type === undefined ? 'not set' : JSON.stringify(pkg.type)}`];
  if (tsModule !== undefined) source.push(`tsconfig "module": "${tsModule}"`);
  const startScript = typeof pkg?.scripts?.['start'] === 'string' ? pkg.scripts['start'] : '';
  if (/infraprism\/register/.test(startScript)) {
    return {
      check: 'modules',
      status: 'ok',
      message: `${isEsm ? 'ES modules' : 'CommonJS'} (${source.join(', ')}); the start script preloads infraprism/register`,
    };
  }
  return isEsm
    ? {
        check: 'modules',
        status: 'note',
        message: `ES modules (${source.join(', ')}): an in-code init() runs after the imports and cannot hook them`,
        fix: "start with node --import infraprism/register <entry>, or init({ instrumentModules: { openai: OpenAI } })",
      }
    : {
        check: 'modules',
        status: 'note',
        message: `CommonJS (${source.join(', ')}): init() must run before the first require('openai')`,
        fix: 'start with node -r infraprism/register <entry>, or call init() first thing in the entry file',
      };
}

interface BundlerRule {
  stems: readonly string[];
  /** True when the config, as read, keeps the SDKs out of the bundle. */
  keepsSdksExternal(text: string): boolean;
  fix: string;
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const SDK_NAME = new RegExp(`['"](?:${PROVIDER_SDK_LIST.map((sdk) => escapeRegExp(sdk.packageName)).join('|')})['"]`);

const BUNDLER_RULES: readonly BundlerRule[] = [
  {
    stems: ['next.config'],
    keepsSdksExternal: (text) => /serverExternalPackages|serverComponentsExternalPackages/.test(text) && SDK_NAME.test(text),
    fix: `add serverExternalPackages: [${PROVIDER_SDK_LIST.map((sdk) => `'${sdk.packageName}'`).join(', ')}] to next.config, or instrument({ openai: OpenAI }) where the client is made`,
  },
  {
    stems: ['webpack.config'],
    keepsSdksExternal: (text) => /nodeExternals|externalsPresets/.test(text) || (/externals/.test(text) && SDK_NAME.test(text)),
    fix: "add externals: { openai: 'commonjs openai' } (or webpack-node-externals), or instrument({ openai: OpenAI })",
  },
  {
    // Vite's SSR build keeps dependencies external unless told otherwise with ssr.noExternal.
    stems: ['vite.config'],
    keepsSdksExternal: (text) => !/noExternal/.test(text),
    fix: "remove openai from ssr.noExternal (noExternal: true bundles it), or instrument({ openai: OpenAI })",
  },
  {
    stems: ['esbuild.config'],
    keepsSdksExternal: (text) => !/bundle\s*:\s*true/.test(text) || /packages\s*:\s*['"]external['"]/.test(text) || /external\s*:/.test(text),
    fix: "pass packages: 'external' (or external: ['openai']) to esbuild, or instrument({ openai: OpenAI })",
  },
];

/** esbuild on the command line, in a package.json script. */
function isBundlingScript(script: string): boolean {
  return /\besbuild\b/.test(script) && /--bundle\b/.test(script) && !/--packages=external|--external:(?:openai|@anthropic-ai)/.test(script);
}

/** A handed-over SDK is traced whether bundled or not. */
const HANDS_SDK_OVER = /\binstrument\s*\(|\binstrumentModules\b|['"]infraprism\/openai['"]/;

function checkBundlers(dir: string): Finding[] {
  const bundling: Array<{ where: string; fix: string }> = [];
  const external: string[] = [];
  for (const rule of BUNDLER_RULES) {
    for (const file of findConfigFiles(dir, rule.stems)) {
      if (rule.keepsSdksExternal(readText(join(dir, file)) ?? '')) external.push(file);
      else bundling.push({ where: file, fix: rule.fix });
    }
  }
  const scripts = readAppPackageJson(dir)?.scripts ?? {};
  for (const [name, script] of Object.entries(scripts)) {
    if (typeof script === 'string' && isBundlingScript(script)) {
      bundling.push({ where: `the "${name}" script (esbuild --bundle)`, fix: 'add --packages=external (or --external:openai) to the esbuild command, or instrument({ openai: OpenAI })' });
    }
  }
  if (bundling.length === 0) {
    const message = external.length > 0 ? `${external.join(', ')} keep${external.length === 1 ? 's' : ''} the SDKs out of the bundle` : 'no bundler config that would bundle the SDKs';
    return [{ check: 'bundler', status: 'ok', message }];
  }
  const handsOver = hasSourceMatching(dir, HANDS_SDK_OVER);
  return bundling.map(({ where, fix }) =>
    handsOver
      ? { check: 'bundler', status: 'ok', message: `${where} bundles the SDKs; the app hands them over with instrument(), so they are traced` }
      : { check: 'bundler', status: 'problem', message: `${where} bundles the SDKs: no module hook sees a bundled copy, so its calls are not traced`, fix },
  );
}

/** The exporter's own resolution: our options and env first, then the standard OTLP variables. */
async function checkEndpoint(env: Readonly<Record<string, string | undefined>>, timeoutMs: number): Promise<Finding> {
  const { exportTarget } = resolveConfig({}, env);
  const resolved = convertLegacyHttpOptions(
    { ...(exportTarget.tracesUrl !== undefined ? { url: exportTarget.tracesUrl } : {}), headers: exportTarget.headers },
    'TRACES',
    'v1/traces',
    {},
  );
  const shown = withoutCredentials(resolved.url);
  const from = describeEndpointSource(env);
  const headers: Record<string, string> = { ...(await resolved.headers()), 'content-type': 'application/json' };
  try {
    // An empty export request: a receiver accepts it and stores nothing.
    const response = await fetch(resolved.url, { method: 'POST', headers, body: '{}', signal: AbortSignal.timeout(timeoutMs) });
    await response.body?.cancel();
    if (response.ok) return { check: 'endpoint', status: 'ok', message: `${shown} (${from}) accepts OTLP/HTTP (HTTP ${response.status})` };
    const fix =
      response.status === 401 || response.status === 403
        ? 'set INFRAPRISM_API_KEY (or the auth header in OTEL_EXPORTER_OTLP_HEADERS) to a valid key'
        : 'point INFRAPRISM_ENDPOINT at the OTLP/HTTP base URL of your collector (the /v1/traces path is added)';
    return { check: 'endpoint', status: 'problem', message: `${shown} (${from}) answered HTTP ${response.status}: spans sent there are lost`, fix };
  } catch (error) {
    const reason = describeFetchError(error, timeoutMs);
    return {
      check: 'endpoint',
      status: 'problem',
      message: `${shown} (${from}) does not answer (${reason}): spans are dropped after retries`,
      fix: 'start a collector there, or set INFRAPRISM_ENDPOINT to where yours listens',
    };
  }
}

function describeEndpointSource(env: Readonly<Record<string, string | undefined>>): string {
  for (const name of ['INFRAPRISM_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_ENDPOINT']) {
    if ((env[name] ?? '').trim() !== '') return `from ${name}`;
  }
  return 'the default';
}

/** A URL as shown: never its user or password. */
function withoutCredentials(url: string): string {
  if (!URL.canParse(url)) return url;
  const parsed = new URL(url);
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}

function describeFetchError(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error instanceof Error ? (error as Error & { cause?: { code?: unknown } }).cause : undefined;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown error';
}

const DAY_MS = 86_400_000;
/** Beyond this a model's price has likely changed or a new model come out. */
const PRICES_STALE_AFTER_DAYS = 90;

function checkPriceTable(now: Date): Finding {
  const ageDays = Math.floor((now.getTime() - Date.parse(BUNDLED_PRICES_AS_OF)) / DAY_MS);
  const message = `bundled prices as of ${BUNDLED_PRICES_AS_OF} (${ageDays} days old)`;
  if (ageDays <= PRICES_STALE_AFTER_DAYS) return { check: 'prices', status: 'ok', message };
  return {
    check: 'prices',
    status: 'note',
    message: `${message}: newer models and price changes are missing`,
    fix: 'npm install infraprism@latest',
  };
}
