#!/usr/bin/env node
/**
 * The `infraprism` command (package.json#bin):
 *
 *   infraprism doctor [dir] [--json] [--timeout <ms>]
 *   infraprism price <model> [--provider <name>] [--input <tokens>] [--output <tokens>] [--json]
 *   infraprism dev [--port <port>] [--ui-port <port>] [--host <address>] [--save <file>] [--max-calls <n>]
 *
 * Exit codes: 0 all good, 1 problems found (or no price known), 2 wrong usage.
 * It presents what src/ knows and adds no logic of its own (ARCHITECTURE.md, "Layers").
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { PACKAGE_VERSION } from '../version.js';
import { runDoctor } from './doctor.js';
import { formatFindings, hasProblems } from './findings.js';
import { reportPrice } from './price.js';

const USAGE = `infraprism ${PACKAGE_VERSION}

Usage:
  infraprism doctor [dir] [--json] [--timeout <ms>]
      Checks the app in dir (default: the current folder): SDK versions, ESM or CommonJS,
      bundler configs, the export endpoint (from the environment), the price table's age.
  infraprism price <model> [--provider <name>] [--input <tokens>] [--output <tokens>] [--json]
      Shows the price per 1M tokens and the cost of an example call (default 1000 in, 1000 out).
  infraprism dev [--port <port>] [--ui-port <port>] [--host <address>] [--save <file>] [--max-calls <n>]
      Receives OTLP/HTTP on 127.0.0.1:4318 (JSON and protobuf, traces and metrics) and shows cost
      and calls per entity, model and tag live on a page (default http://127.0.0.1:4319/).
      --save keeps the session as JSON lines and reloads it; --max-calls bounds the latest calls
      kept one by one (default 1000; totals keep everything); --host 0.0.0.0 leaves loopback.

Exit codes: 0 all good, 1 problems found or no price known, 2 wrong usage.`;

const DEFAULT_TIMEOUT_MS = 2000;
const DEFAULT_EXAMPLE_TOKENS = 1000;

async function main(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      timeout: { type: 'string' },
      provider: { type: 'string' },
      input: { type: 'string' },
      output: { type: 'string' },
      port: { type: 'string' },
      'ui-port': { type: 'string' },
      host: { type: 'string' },
      save: { type: 'string' },
      'max-calls': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
      version: { type: 'boolean', short: 'v', default: false },
    },
  });
  const [command, ...rest] = positionals;
  if (values.version) {
    console.log(PACKAGE_VERSION);
    return 0;
  }
  if (values.help || command === undefined || command === 'help') {
    console.log(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }

  if (command === 'doctor') {
    const dir = resolve(rest[0] ?? '.');
    const findings = await runDoctor({
      dir,
      env: process.env,
      timeoutMs: readCount(values.timeout, '--timeout') ?? DEFAULT_TIMEOUT_MS,
      now: new Date(),
    });
    if (values.json) console.log(JSON.stringify({ dir, findings }));
    else console.log(`infraprism doctor ${PACKAGE_VERSION}: ${dir}\n\n${formatFindings(findings)}`);
    return hasProblems(findings) ? 1 : 0;
  }

  if (command === 'price') {
    const model = rest[0];
    if (model === undefined) throw new UsageError('price needs a model, e.g. infraprism price gpt-4o');
    const report = reportPrice({
      model,
      provider: values.provider,
      inputTokens: readCount(values.input, '--input') ?? DEFAULT_EXAMPLE_TOKENS,
      outputTokens: readCount(values.output, '--output') ?? DEFAULT_EXAMPLE_TOKENS,
    });
    console.log(values.json ? JSON.stringify(report.result) : report.text);
    return report.code;
  }

  if (command === 'dev') {
    // Loaded on demand: protobufjs and the servers are only for this command.
    const { runDev } = await import('./dev.js');
    return runDev(
      {
        ...optional('port', readPort(values.port, '--port')),
        ...optional('uiPort', readPort(values['ui-port'], '--ui-port')),
        ...optional('host', values.host),
        ...optional('saveFile', values.save === undefined ? undefined : resolve(values.save)),
        ...optional('maxCalls', readCount(values['max-calls'], '--max-calls')),
      },
      (line) => console.log(line),
    );
  }

  throw new UsageError(`unknown command "${command}"`);
}

class UsageError extends Error {}

function readCount(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${flag} must be a whole number, got "${raw}"`);
  return value;
}

function readPort(raw: string | undefined, flag: string): number | undefined {
  const port = readCount(raw, flag);
  if (port !== undefined && port > 65535) throw new UsageError(`${flag} must be a port (0-65535), got "${raw}"`);
  return port;
}

/** `{ [key]: value }`, or nothing for `undefined` (the options are exactOptionalPropertyTypes). */
function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const isUsage = error instanceof UsageError || (error as { code?: unknown } | null)?.code?.toString().startsWith('ERR_PARSE_ARGS');
    console.error(`infraprism: ${error instanceof Error ? error.message : String(error)}${isUsage ? '\n\n' + USAGE : ''}`);
    process.exitCode = isUsage ? 2 : 1;
  },
);
