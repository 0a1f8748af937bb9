import { ConfigError, loadEnv } from '../../../config/env';

describe('settings', () => {
  it('gives the SPEC defaults when nothing is set', () => {
    const env = loadEnv({});
    expect(env).toMatchObject({
      TEMPORAL_NAMESPACE: 'default',
      CASEFLOW_TASK_QUEUE: 'caseflow',
      PORT: 3000,
      LOG_LEVEL: 'info',
    });
    expect(env.TEMPORAL_ADDRESS).toBeUndefined();
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('treats an empty variable as unset', () => {
    expect(loadEnv({ TEMPORAL_ADDRESS: '', PORT: '' }).PORT).toBe(3000);
  });

  it('names every bad setting and what it expects, all at once', () => {
    let caught: unknown;
    try {
      loadEnv({
        PORT: 'eighty',
        TEMPORAL_ADDRESS: 'http://x',
        LOG_LEVEL: 'loud',
        CASEFLOW_CODEC_KEY: 'short',
        DATABASE_URL: 'not a url',
      });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const lines = (caught as ConfigError).problems;
    expect(lines).toHaveLength(5);
    expect(lines.find((l) => l.startsWith('PORT:'))).toMatch(/port number.*"eighty"/);
    expect(lines.find((l) => l.startsWith('TEMPORAL_ADDRESS:'))).toMatch(/host:port/);
    expect(lines.find((l) => l.startsWith('LOG_LEVEL:'))).toMatch(/one of fatal, error/);
    expect(lines.find((l) => l.startsWith('CASEFLOW_CODEC_KEY:'))).toMatch(/256-bit key/);
    expect(lines.find((l) => l.startsWith('DATABASE_URL:'))).toMatch(/PostgreSQL URL/);
  });

  it('refuses ports out of range', () => {
    expect(() => loadEnv({ PORT: '70000' })).toThrow(/PORT: expected a port from 0 to 65535/);
  });

  it('bounds the worker’s workflow cache: 500 by default, 0 turns it off, 1 is refused by name', () => {
    expect(loadEnv({}).CASEFLOW_WORKFLOW_CACHE_SIZE).toBe(500);
    expect(loadEnv({ CASEFLOW_WORKFLOW_CACHE_SIZE: '0' }).CASEFLOW_WORKFLOW_CACHE_SIZE).toBe(0);
    expect(loadEnv({ CASEFLOW_WORKFLOW_CACHE_SIZE: '250' }).CASEFLOW_WORKFLOW_CACHE_SIZE).toBe(250);
    for (const bad of ['1', '-5', '2.5', 'lots', '100001'])
      expect(() => loadEnv({ CASEFLOW_WORKFLOW_CACHE_SIZE: bad })).toThrow(
        /^CASEFLOW_WORKFLOW_CACHE_SIZE: expected (0 \(no cache\) or 2 to 100000|a (whole )?number of) workflows/,
      );
  });
});
