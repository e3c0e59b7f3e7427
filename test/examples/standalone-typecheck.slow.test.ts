// Each example compiles on its own, as a user copies it into an app: one TypeScript program per
// file, with examples/tsconfig.json's options, against the built package imported by name. One
// program over all examples is not enough: a file that imports `infraprism/openai` augments the
// `openai` types for the whole program, so an example that uses `entity_type` or `tags` on a
// plain `OpenAI` client without that import would pass there and fail in the user's app.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { expect, it } from 'vitest';
import { assertBuilt } from '../support/child-apps.js';

const examplesDir = fileURLToPath(new URL('../../examples/', import.meta.url));

/** The examples' entry files: every .ts and .mjs under examples/ (the Next.js app's files too). */
function exampleFiles(): string[] {
  return readdirSync(examplesDir, { recursive: true, encoding: 'utf8' })
    .filter((name) => /\.(ts|mjs)$/.test(name) && !name.includes('node_modules'))
    .map((name) => `${examplesDir}${name}`)
    .sort();
}

it('type-checks every example alone, as its own program', () => {
  assertBuilt();
  const configFile = ts.readConfigFile(`${examplesDir}tsconfig.json`, (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(configFile.config, ts.sys, examplesDir);
  const files = exampleFiles();
  expect(files.length).toBeGreaterThan(10);
  const problems: string[] = [];
  let previous: ts.Program | undefined;
  for (const file of files) {
    // Reusing the previous program reuses the parsed declaration files, not the type information.
    const program: ts.Program = ts.createProgram({ rootNames: [file], options, ...(previous ? { oldProgram: previous } : {}) });
    previous = program;
    for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
      const at = diagnostic.file && diagnostic.start !== undefined
        ? `${diagnostic.file.fileName.slice(examplesDir.length)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1}`
        : '';
      problems.push(`${file.slice(examplesDir.length)} alone: ${at} TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
    }
  }
  expect(problems).toEqual([]);
}, 180_000);
