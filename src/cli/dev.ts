/**
 * `infraprism dev`: starts the receiver and page (src/cli/dev/), prints where they are and one
 * line per received batch, and runs until Ctrl-C (SIGINT) or SIGTERM, then closes both and the
 * session file.
 */
import { startDevServer, type DevServerOptions } from './dev/dev-server.js';

export async function runDev(options: DevServerOptions, print: (line: string) => void): Promise<number> {
  const server = await startDevServer({ ...options, log: print });
  if (options.saveFile !== undefined) {
    print(
      `infraprism dev: session file ${options.saveFile} (${server.loaded.calls} calls loaded` +
        (server.loaded.skippedLines > 0 ? `, ${server.loaded.skippedLines} unreadable lines skipped` : '') +
        ')',
    );
  }
  print(`infraprism dev: OTLP/HTTP receiver on ${server.otlpUrl} (/v1/traces, /v1/metrics; JSON and protobuf)`);
  print(`infraprism dev: page on ${server.uiUrl}`);
  print(`infraprism dev: run your app with \`node --import infraprism/register app.js\`; Ctrl-C stops`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}
