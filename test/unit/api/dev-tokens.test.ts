import { guardDevelopmentTokens, isLoopback } from '../../../api/dev-tokens';

const dev = { development: true };

it('accepts the development tokens on loopback, and says so', () => {
  for (const host of ['127.0.0.1', '::1', 'localhost', '127.0.0.2']) {
    expect(isLoopback(host)).toBe(true);
    expect(guardDevelopmentTokens(dev, { host, port: 3000, dev: false })).toMatch(/loopback only/);
  }
});

it('refuses them on any other address unless CASEFLOW_DEV=1, which warns loudly', () => {
  for (const host of ['0.0.0.0', '::', '10.1.2.3', 'api.example.com']) {
    expect(() => guardDevelopmentTokens(dev, { host, port: 3000, dev: false })).toThrow(
      /CASEFLOW_AUTH_FILE: unset, so the public development tokens would be accepted/,
    );
    expect(guardDevelopmentTokens(dev, { host, port: 3000, dev: true })).toMatch(/PUBLIC development tokens/);
  }
});

it('has nothing to say about a real principals file', () => {
  expect(
    guardDevelopmentTokens({ development: false }, { host: '0.0.0.0', port: 3000, dev: false }),
  ).toBeUndefined();
});
