// collector-config.yaml as users copy it, checked by the real collector built from
// collector/builder-config.yaml: `validate` accepts it unchanged, and with INFRAPRISM_ENDPOINT
// unset the collector refuses to start at once, naming the variable, rather than starting with
// an exporter that can never deliver.
import { describe, expect, it } from 'vitest';
import { run } from '../support/child-apps.js';
import { COLLECTOR_BIN, LOADBALANCER_CONFIG, SHIPPED_CONFIG, readCollectorVersion, requireBinary } from '../support/otelcol.js';

const version = readCollectorVersion();
const ENV = {
  TRACING_BACKEND_OTLP_ENDPOINT: 'http://127.0.0.1:4318',
  INFRAPRISM_ENDPOINT: 'https://ingest.infraprism.example.com',
  INFRAPRISM_API_KEY: 'ipk_validate_only',
  OTELCOL_QUEUE_DIR: '/tmp/infraprism-otelcol-validate',
};

if (version === undefined) {
  requireBinary(`the collector binary (${COLLECTOR_BIN})`, 'run `npm run collector:build` (Go 1.26)');
} else {
  describe(`collector-config.yaml in the real collector (${version})`, () => {
    it('is valid as shipped', async () => {
      const result = await run(COLLECTOR_BIN, ['validate', '--config', SHIPPED_CONFIG], { cwd: '/', env: ENV });
      expect(result.code, result.stderr).toBe(0);
    });

    it('and so is the first tier of the scale-out layout', async () => {
      const result = await run(COLLECTOR_BIN, ['validate', '--config', LOADBALANCER_CONFIG], {
        cwd: '/',
        env: { OTELCOL_GATEWAYS: '[gateway-1:4317, gateway-2:4317]' },
      });
      expect(result.code, result.stderr).toBe(0);
    });

    it('refuses at once, naming INFRAPRISM_ENDPOINT, when it is unset', async () => {
      const { INFRAPRISM_ENDPOINT: _unset, ...env } = ENV;
      // Not `validate`: the real start, which must end by itself instead of running on.
      const result = await run(COLLECTOR_BIN, ['--config', SHIPPED_CONFIG, '--set=service.telemetry.metrics.level=none'], {
        cwd: '/',
        env,
        timeoutMs: 20_000,
      });
      expect(result.signal, result.stderr).toBeNull();
      expect(result.code, result.stderr).not.toBe(0);
      expect(result.stderr).toMatch(/unset environment variable.*"INFRAPRISM_ENDPOINT"/);
      expect(result.stderr).toContain('exporters::otlp_http/infraprism: at least one endpoint must be specified');
    });
  });
}
