/**
 * `--save FILE`: the session as JSON lines, one call per line (the `CallRecord` fields), appended
 * as calls arrive and replayed at the next start, so totals survive a restart. A line that is
 * not a call record (a cut last line after a crash, a hand edit) is skipped and counted.
 */
import type { WriteStream } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import type { CallRecord } from './call-record.js';

export interface LoadedSession {
  readonly calls: CallRecord[];
  readonly skippedLines: number;
}

/** Reads a saved session; a missing file is an empty one. */
export async function loadSession(file: string): Promise<LoadedSession> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error: unknown) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { calls: [], skippedLines: 0 };
    throw error;
  }
  const calls: CallRecord[] = [];
  let skippedLines = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const call = parseCallRecord(line);
    if (call === undefined) skippedLines++;
    else calls.push(call);
  }
  return { calls, skippedLines };
}

/** Appends calls to a session file, one JSON line each. */
export class SessionWriter {
  readonly #stream: WriteStream;
  #error: unknown;

  /**
   * Opens `file` for appending, so a path that cannot be written fails the start rather than a
   * later write; `onError` hears of a write that fails afterwards (a full disk), once.
   */
  static async open(file: string, onError: (error: unknown) => void): Promise<SessionWriter> {
    const handle = await open(file, 'a');
    return new SessionWriter(handle.createWriteStream({ encoding: 'utf8' }), onError);
  }

  private constructor(stream: WriteStream, onError: (error: unknown) => void) {
    this.#stream = stream;
    this.#stream.on('error', (error: unknown) => {
      if (this.#error === undefined) onError(error);
      this.#error ??= error;
    });
  }

  append(call: CallRecord): void {
    if (this.#error === undefined) this.#stream.write(`${JSON.stringify(call)}\n`);
  }

  /** Resolves once every appended line is on disk (or the stream has failed). */
  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.#error !== undefined || this.#stream.destroyed) return resolve();
      this.#stream.once('error', () => resolve());
      this.#stream.end(() => resolve());
    });
  }
}

const TEXT_FIELDS = ['operation', 'provider', 'model', 'costStatus', 'entityType', 'entityId'] as const;
const NUMBER_FIELDS = ['inputTokens', 'outputTokens', 'costUsd'] as const;

function parseCallRecord(line: string): CallRecord | undefined {
  let json: unknown;
  try {
    json = JSON.parse(line) as unknown;
  } catch {
    return undefined;
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const record = json as Record<string, unknown>;
  const { time, durationMs, tags, isError } = record;
  if (typeof time !== 'number' || typeof durationMs !== 'number' || typeof isError !== 'boolean') return undefined;
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return undefined;
  if (!Object.values(tags).every((value) => typeof value === 'string')) return undefined;
  if (!TEXT_FIELDS.every((key) => record[key] === undefined || typeof record[key] === 'string')) return undefined;
  if (!NUMBER_FIELDS.every((key) => record[key] === undefined || typeof record[key] === 'number')) return undefined;
  const read = <T>(key: string): T | undefined => record[key] as T | undefined;
  return {
    time,
    durationMs,
    operation: read('operation'),
    provider: read('provider'),
    model: read('model'),
    inputTokens: read('inputTokens'),
    outputTokens: read('outputTokens'),
    costUsd: read('costUsd'),
    costStatus: read('costStatus'),
    entityType: read('entityType'),
    entityId: read('entityId'),
    tags: tags as Record<string, string>,
    isError,
  };
}
