// Every fenced code block a user copies from README.md, CONTRIBUTING.md, ARCHITECTURE.md or a page
// under docs/ is checked by its language tag, so a renamed export, a removed script or a broken
// config in the docs fails here rather than in a user's terminal:
//   ts/js      each block alone, as its own module: TypeScript blocks type-check against the built
//              package (imported by name, as an app would), JavaScript blocks parse
//   sh         every command is a real one: npm scripts exist, npx binaries are installed or ours,
//              repository paths exist
//   yaml/json  parse
//   promql     name only metrics and labels we export; run against a real Prometheus by
//              test/metrics/prometheus.slow.test.ts (CI stage 4)
//   traceql/sql no engine offline: brackets balance and every span attribute named is one we write
// A block with a tag no checker knows fails, so a new language gets a checker before it ships.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import * as semconv from '../../src/semconv.js';
import { unknownPrometheusNames } from '../metrics/prometheus-names.js';
import { assertBuilt } from '../support/child-apps.js';
import { fencedBlocks, type FencedBlock } from './fenced-blocks.js';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const blocks = fencedBlocks();
const where = (block: FencedBlock): string => `${block.page}:${block.line}`;

const TYPESCRIPT = new Set(['ts', 'typescript', 'tsx']);
const JAVASCRIPT = new Set(['js', 'javascript', 'mjs', 'cjs', 'jsx']);
const SHELL = new Set(['sh', 'bash', 'shell', 'console']);
const QUERIES = new Set(['traceql', 'sql']);
// Output samples.
const NOT_CHECKED_HERE = new Set(['text', 'txt', '']);
const CHECKERS = [TYPESCRIPT, JAVASCRIPT, SHELL, QUERIES, new Set(['promql', 'yaml', 'yml', 'json'])];

// A block is a fragment of an app: names it does not define (`app`, `documents`, `answer`) and
// untyped parameters are the reader's. Everything else must compile: the package's exports and
// their types, wrong option names, syntax.
const FRAGMENT_DIAGNOSTICS = new Set([
  2304, // Cannot find name 'x'
  2552, // Cannot find name 'x'. Did you mean 'y'?
  18004, // No value exists in scope for the shorthand property 'x' (`{ model, prompt }`)
  7006, // Parameter 'x' implicitly has an 'any' type
  7031, // Binding element 'x' implicitly has an 'any' type
]);

it('finds the code blocks of the documentation', () => {
  expect(blocks.filter((block) => TYPESCRIPT.has(block.lang)).length).toBeGreaterThan(5);
  expect(blocks.filter((block) => SHELL.has(block.lang)).length).toBeGreaterThan(5);
});

it('knows how to check every language tag used', () => {
  const unknown = blocks
    .filter((block) => !NOT_CHECKED_HERE.has(block.lang) && !CHECKERS.some((tags) => tags.has(block.lang)))
    .map((block) => `${where(block)} \`\`\`${block.lang}`);
  expect(unknown).toEqual([]);
});

describe('TypeScript and JavaScript blocks', () => {
  it('each compile on their own against the built package', () => {
    assertBuilt();
    const codeBlocks = blocks.filter((block) => TYPESCRIPT.has(block.lang) || JAVASCRIPT.has(block.lang));
    // Inside the repository, so `infraprism` resolves through the package's own `exports` to dist/.
    const dir = mkdtempSync(join(repoRoot, '.doc-blocks-'));
    try {
      const files = new Map<string, FencedBlock>();
      codeBlocks.forEach((block, index) => {
        const file = join(dir, `block-${index}.${TYPESCRIPT.has(block.lang) ? 'mts' : 'mjs'}`);
        // `export {}` makes every block a module of its own (top-level await, no shared names).
        writeFileSync(file, `${block.code}\nexport {};\n`);
        files.set(file, block);
      });
      const program = ts.createProgram([...files.keys()], {
        target: ts.ScriptTarget.ES2022,
        lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        types: ['node'],
        strict: true,
        allowJs: true,
        checkJs: false,
        skipLibCheck: true,
        noEmit: true,
      });
      const problems: string[] = [];
      for (const [file, block] of files) {
        const source = program.getSourceFile(file)!;
        const diagnostics = [
          ...program.getSyntacticDiagnostics(source),
          ...(TYPESCRIPT.has(block.lang) ? program.getSemanticDiagnostics(source) : []),
        ];
        for (const diagnostic of diagnostics) {
          if (FRAGMENT_DIAGNOSTICS.has(diagnostic.code)) continue;
          const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
          // A third-party package the repository does not install (`@vercel/functions`) is the
          // reader's; our own entry points must resolve.
          if (diagnostic.code === 2307 && !/'(infraprism|\.)/.test(message)) continue;
          const line = diagnostic.start === undefined ? 0 : source.getLineAndCharacterOfPosition(diagnostic.start).line;
          problems.push(`${block.page}:${block.line + 1 + line}: TS${diagnostic.code} ${message}`);
        }
      }
      expect(problems).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('shell blocks', () => {
  const packageJson = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    name: string;
    scripts: Record<string, string>;
    bin: Record<string, string>;
  };
  // The collector binary is what `npm run collector:build` writes (not in git).
  const COMMANDS = new Set(['npm', 'npx', 'node', 'bash', 'cd', 'curl', 'git', 'docker', 'otelcol-contrib', 'prometheus', 'collector/bin/otelcol-infraprism']);
  const REPO_PATH = /^(?:\.\/)?((?:examples|demo|scripts|bench|test|docs|src)\/[\w./-]*|collector-config\.yaml)$/;

  /** The commands of a block: continued lines joined, comments dropped, `&&`/`;`/`|` split, `VAR=value` prefixes dropped. */
  function commands(code: string): string[][] {
    return code
      .replace(/\\\n/g, ' ')
      // A quoted value is one word, whatever its spaces.
      .replace(/'[^'\n]*'/g, "'…'")
      .split('\n')
      .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
      .filter((line) => line !== '')
      .flatMap((line) => line.split(/&&|;|\|/))
      .map((command) => command.trim().split(/\s+/).filter((word) => word !== ''))
      .map((words) => words.slice(words.findIndex((word) => !/^[A-Z_][A-Z0-9_]*=/.test(word))))
      .filter((words) => words.length > 0);
  }

  function checkCommand(words: string[]): string | undefined {
    const [command, ...args] = words as [string, ...string[]];
    if (!COMMANDS.has(command)) return `unknown command ${command}`;
    if (command === 'npm' && args[0] === 'run' && args[1] && !(args[1] in packageJson.scripts)) return `no npm script ${args[1]}`;
    if (command === 'npx') {
      const bin = args.find((arg) => !arg.startsWith('-'));
      if (bin && !(bin in packageJson.bin) && !existsSync(join(repoRoot, 'node_modules', '.bin', bin))) return `npx ${bin} is not installed`;
    }
    for (const arg of args) {
      const path = REPO_PATH.exec(arg)?.[1];
      if (path && !existsSync(join(repoRoot, path))) return `no file ${path}`;
    }
    return undefined;
  }

  it('name real commands, npm scripts, binaries and files', () => {
    const problems = blocks
      .filter((block) => SHELL.has(block.lang))
      .flatMap((block) => commands(block.code).map((words) => [block, words, checkCommand(words)] as const))
      .filter(([, , problem]) => problem !== undefined)
      .map(([block, words, problem]) => `${where(block)}: ${words.join(' ')}: ${problem}`);
    expect(problems).toEqual([]);
  });

  it('catches a script that does not exist', () => {
    expect(checkCommand(['npm', 'run', 'no-such-script'])).toBe('no npm script no-such-script');
    expect(checkCommand(['npx', 'tsx', 'examples/no-such-example.ts'])).toBe('no file examples/no-such-example.ts');
  });
});

it('YAML and JSON blocks parse', () => {
  const problems: string[] = [];
  for (const block of blocks) {
    if (block.lang === 'json') {
      try {
        JSON.parse(block.code);
      } catch (error) {
        problems.push(`${where(block)}: ${String(error)}`);
      }
    } else if (block.lang === 'yaml' || block.lang === 'yml') {
      for (const document of parseAllDocuments(block.code)) {
        for (const error of document.errors) problems.push(`${where(block)}: ${error.message}`);
      }
    }
  }
  expect(problems).toEqual([]);
});

describe('TraceQL and SQL blocks', () => {
  const attributeNames = new Set(Object.entries(semconv).filter(([key]) => key.startsWith('ATTR_')).map(([, name]) => String(name)));
  const isOurs = (name: string): boolean => attributeNames.has(name) || /^infraprism\.tag\.\w+$/.test(name);

  /** Attribute names a query reads: TraceQL `span.<name>`, ClickHouse `SpanAttributes['<name>']`. */
  function attributesOf(block: FencedBlock): string[] {
    const pattern = block.lang === 'traceql' ? /\bspan\.([\w.]+)/g : /SpanAttributes\['([^']+)'\]/g;
    return [...block.code.matchAll(pattern)].map((m) => m[1]!);
  }

  function isBalanced(code: string): boolean {
    const closing: Record<string, string> = { ')': '(', ']': '[', '}': '{' };
    const stack: string[] = [];
    for (const char of code.replace(/"[^"]*"|'[^']*'/g, '')) {
      if ('([{'.includes(char)) stack.push(char);
      else if (char in closing && stack.pop() !== closing[char]) return false;
    }
    return stack.length === 0;
  }

  it('balance their brackets and name only span attributes we write', () => {
    const queries = blocks.filter((block) => QUERIES.has(block.lang));
    expect(queries.length).toBeGreaterThan(0);
    const problems = queries.flatMap((block) => [
      ...(isBalanced(block.code) ? [] : [`${where(block)}: unbalanced brackets`]),
      ...attributesOf(block).filter((name) => !isOurs(name)).map((name) => `${where(block)}: unknown attribute ${name}`),
    ]);
    expect(problems).toEqual([]);
  });

  it('catches a misspelled attribute and a missing bracket', () => {
    const block = { page: 'x.md', line: 1, lang: 'traceql', code: '{ span.infraprism.cost.usdd > 0 }' };
    expect(attributesOf(block).filter((name) => !isOurs(name))).toEqual(['infraprism.cost.usdd']);
    expect(isBalanced('sum(increase(x[1h])')).toBe(false);
  });
});

it('PromQL blocks name only metrics and labels we export', () => {
  const promql = blocks.filter((block) => block.lang === 'promql');
  expect(promql.length).toBeGreaterThan(0);
  expect(promql.flatMap((block) => unknownPrometheusNames(block.code).map((name) => `${where(block)}: ${name}`))).toEqual([]);
});
