/**
 * Next.js calls `register()` from `instrumentation.ts` once per server start. The Node.js runtime
 * only: the Edge runtime has no `node:` modules.
 */
export async function register(): Promise<void> {
  if (process.env['NEXT_RUNTIME'] !== undefined && process.env['NEXT_RUNTIME'] !== 'nodejs') return;
  const { init } = await import('infraprism');
  init({ serviceName: 'nextjs-example' });
}
