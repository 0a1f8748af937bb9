import { payloadsFromJson, payloadsJson, payloadsToJson } from '../../../api/codec-server/payloads-json';
import { codecEndpointOf, codecPaths } from '../../../api/routes/codec';
import { loadEnv } from '../../../config/env';

describe('CASEFLOW_UI_ORIGIN', () => {
  it('takes an origin and keeps it as a browser sends it', () => {
    expect(loadEnv({ CASEFLOW_UI_ORIGIN: 'http://localhost:8080' }).CASEFLOW_UI_ORIGIN).toBe(
      'http://localhost:8080',
    );
    expect(loadEnv({ CASEFLOW_UI_ORIGIN: 'HTTPS://Temporal.Example.com:443/' }).CASEFLOW_UI_ORIGIN).toBe(
      'https://temporal.example.com',
    );
    expect(loadEnv({}).CASEFLOW_UI_ORIGIN).toBeUndefined();
  });

  it.each(['localhost:8080', 'http://localhost:8080/ui', 'ftp://x', 'http://u:p@x', 'http://x/?a=1', '*'])(
    'refuses %s in one line naming the setting',
    (value) => {
      expect(() => loadEnv({ CASEFLOW_UI_ORIGIN: value })).toThrow(
        /^CASEFLOW_UI_ORIGIN: expected the origin of the Temporal UI: scheme:\/\/host\[:port\]/,
      );
    },
  );
});

describe('codec endpoint', () => {
  it('is /codec under the API URL; the UI and CLI add /encode and /decode', () => {
    expect(codecEndpointOf('http://127.0.0.1:3000')).toBe('http://127.0.0.1:3000/codec');
    expect(codecEndpointOf('https://support.example.com/api/')).toBe('https://support.example.com/api/codec');
    expect(codecPaths.test('/codec/decode')).toBe(true);
    expect(codecPaths.test('/Codec/Encode/')).toBe(true);
    expect(codecPaths.test('/codec/download')).toBe(false);
  });
});

describe('payloads in protobuf JSON form', () => {
  it('read base64 in either alphabet, with or without padding, and answer standard base64', () => {
    const body = payloadsJson.parse({
      payloads: [{ metadata: { encoding: 'anNvbi9wbGFpbg' }, data: '-_8' }, {}],
    });
    const payloads = payloadsFromJson(body);
    expect(Buffer.from(payloads[0]!.metadata!.encoding!).toString()).toBe('json/plain');
    expect([...payloads[0]!.data!]).toEqual([0xfb, 0xff]);
    expect(payloadsToJson(payloads)).toEqual({
      payloads: [
        { metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: '+/8=' },
        { metadata: {}, data: '' },
      ],
    });
  });

  it('take {} as no payloads (proto3 JSON leaves out an empty list)', () => {
    expect(payloadsFromJson(payloadsJson.parse({}))).toEqual([]);
  });

  it.each([
    { payloads: {} },
    { payloads: [{ data: 'a b' }] },
    { payloads: [{ data: 'abcde' }] },
    { payloads: [{ metadata: { e: 1 } }] },
  ])('refuse %j', (body) => {
    expect(payloadsJson.safeParse(body).success).toBe(false);
  });
});
