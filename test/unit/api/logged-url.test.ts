/**
 * The request log keeps a url's shape, never a credential or personal data (api/request-context.ts,
 * docs/privacy.md): a survey token, a customer's id in a path or in a personal query parameter.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../../../config/logger';
import { loggedUrl } from '../../../api/request-context';

describe('loggedUrl', () => {
  it.each([
    ['/survey/eyJhbGciOi.abc.def', '/survey/[hidden]'],
    ['/survey/eyJhbGciOi.abc.def?lang=zh', '/survey/[hidden]?lang=zh'],
    ['/cases?customer=cu-zephyrine', '/cases?customer=[hidden]'],
    ['/cases?status=open&customer=cu-9&limit=5', '/cases?status=open&customer=[hidden]&limit=5'],
    ['/cases?Customer_Id=cu-9', '/cases?Customer_Id=[hidden]'],
    ['/cases?email=zephyrine.q%40example.org&phone=%2B44%207700', '/cases?email=[hidden]&phone=[hidden]'],
    ['/cases?cust%6Fmer=cu-9', '/cases?cust%6Fmer=[hidden]'],
    ['/cases?%E0%A4%A=x', '/cases?%E0%A4%A=[hidden]'],
    ['/customers/cu-zephyrine/erase', '/customers/[hidden]/erase'],
    ['/customers/cu-zephyrine/erase?x=1', '/customers/[hidden]/erase?x=1'],
  ])('%s is logged as %s', (url, logged) => {
    expect(loggedUrl(url)).toBe(logged);
  });

  it('leaves urls without personal data as they are', () => {
    for (const url of ['/cases', '/cases?status=open&limit=20', '/cases/c-1/messages?cursor=3', '/tasks?']) {
      expect(loggedUrl(url)).toBe(url);
    }
  });
});

describe('the process logger', () => {
  it("hides a customer's name, phone and e-mail in logged objects, and PostgreSQL's error detail", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger('info', 'test', sink);
    const customer = {
      id: 'ck_x',
      name: 'Zephyrine Quillfeather',
      phone: '+44 7700 900417',
      email: 'z@q.org',
    };
    log.info({ customer }, 'top');
    log.info({ input: { customer } }, 'nested');
    log.error(
      { err: { message: 'duplicate key', detail: 'Key (customer_id)=(cu-zq) already exists.' } },
      'e',
    );
    const text = lines.join('');
    expect(lines).toHaveLength(3);
    for (const secret of ['Zephyrine', '7700', 'z@q.org', 'cu-zq']) expect(text).not.toContain(secret);
    expect(text).toContain('"id":"ck_x"');
    expect(text).toContain('duplicate key');
  });
});
