/** CASEFLOW_CALL_ALLOW: parsing (with the setting's error line) and matching hosts against it. */
import {
  isCallAllowed,
  isLoopbackHost,
  parseCallAllow,
  type CallAllowList,
} from '../../../config/call-allow';
import { ConfigError, loadEnv } from '../../../config/env';

const list = (text: string | undefined): CallAllowList => {
  const parsed = parseCallAllow(text);
  if (!parsed.ok) throw new Error(`unexpected bad entries ${parsed.bad.join(', ')}`);
  return parsed.list;
};
const hostOf = (url: string) => new URL(url).hostname;

describe('unset: loopback only', () => {
  it.each([
    'http://127.0.0.1:8080/x',
    'http://127.9.9.9/',
    'http://localhost/',
    'http://LOCALHOST./',
    'http://[::1]:3000/',
    'http://[::ffff:127.0.0.1]/',
  ])('allows %s', (url) => expect(isCallAllowed(list(undefined), hostOf(url))).toBe(true));
  it.each([
    'http://10.0.0.1/',
    'http://169.254.169.254/latest',
    'http://crm.example.com/',
    'http://localhost.evil.com/',
    'http://[::ffff:10.0.0.1]/',
    'http://2130706433.example/',
  ])('refuses %s', (url) => expect(isCallAllowed(list(''), hostOf(url))).toBe(false));
  it('reads decimal and hex forms of 127.0.0.1 as loopback, as the URL parser does', () => {
    expect(isLoopbackHost(hostOf('http://2130706433/'))).toBe(true);
    expect(isLoopbackHost(hostOf('http://0x7f.1/'))).toBe(true);
  });
});

describe('a list of hosts', () => {
  const allow = list(' CRM.example.com , *.erp.example.com,10.0.0.7, [fd00::1] ');

  it.each([
    ['https://crm.example.com/api', true],
    ['https://CRM.Example.com./api', true],
    ['https://eu.erp.example.com/', true],
    ['https://a.b.erp.example.com:8443/', true],
    ['http://10.0.0.7:9000/', true],
    ['http://[fd00::1]/', true],
    // The wildcard is for subdomains; the bare domain must be named itself.
    ['https://erp.example.com/', false],
    ['https://crm.example.com.evil.io/', false],
    ['https://evilcrm.example.com/', false],
    ['https://xerp.example.com/', false],
    ['http://10.0.0.8/', false],
    // Once a list is set, loopback is allowed only when named.
    ['http://127.0.0.1/', false],
    ['http://localhost/', false],
  ])('%s → %s', (url, expected) => expect(isCallAllowed(allow, hostOf(url))).toBe(expected));

  it('matches international names by their punycode', () => {
    expect(isCallAllowed(list('*.bücher.example'), hostOf('https://shop.bücher.example/'))).toBe(true);
  });

  it('allows any host only when told so with *', () => {
    expect(isCallAllowed(list('*'), 'anything.example')).toBe(true);
    expect(isCallAllowed(list('*'), '169.254.169.254')).toBe(true);
  });
});

describe('the setting', () => {
  it('defaults to loopback only', () => {
    expect(loadEnv({}).CASEFLOW_CALL_ALLOW).toEqual({ hosts: [], loopbackOnly: true });
    expect(loadEnv({ CASEFLOW_CALL_ALLOW: 'a.example, *.b.example' }).CASEFLOW_CALL_ALLOW).toEqual({
      hosts: ['a.example', '*.b.example'],
      loopbackOnly: false,
    });
  });

  it('names the entries that are no host', () => {
    let problems: string[] = [];
    try {
      loadEnv({ CASEFLOW_CALL_ALLOW: 'crm.example.com, https://erp.example.com, a*.example, host:8080' });
    } catch (err) {
      if (err instanceof ConfigError) problems = err.problems;
    }
    expect(problems).toEqual([
      'CASEFLOW_CALL_ALLOW: expected comma-separated host names, *.domain wildcards or IP addresses, e.g. crm.example.com,*.erp.example.com (not a host: "https://erp.example.com", "a*.example", "host:8080") (got "crm.example.com, https://erp.example.com, a*.example, host:8080")',
    ]);
  });
});
