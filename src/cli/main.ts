#!/usr/bin/env node
/**
 * The `infraprism` command (package.json#bin):
 *
 *   infraprism doctor [dir] [--json] [--timeout <ms>]
 *   infraprism price <model> [--provider <name>] [--input <tokens>] [--output <tokens>] [--json]
 *
 * Exit codes: 0 all good, 1 problems found (or no price known), 2 wrong usage.
 * It presents what src/ knows and adds no logic of its own (STYLE.md §3).
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

  throw new UsageError(`unknown command "${command}"`);
}

class UsageError extends Error {}

function readCount(raw: string | undefined, flag: string): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${flag} must be a whole number, got "${raw}"`);
  return value;
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
