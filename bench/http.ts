/** A small JSON client for the bench's calls to caseflow's API and the bare server. */

export interface JsonAnswer {
  status: number;
  // Read by the bench's own drivers, which know each answer's shape.
  body: any;
}

/** Calls `method url` with a dev token and a JSON body; answers the status and the parsed body. */
export async function callJson(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<JsonAnswer> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...options.headers,
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON: keep the text, for the error message.
  }
  return { status: res.status, body };
}

/** callJson, but a status other than `expected` throws with the answer (a failing call measures nothing). */
export async function expectJson(
  expected: number | number[],
  method: string,
  url: string,
  options: Parameters<typeof callJson>[2] = {},
): Promise<JsonAnswer> {
  const answer = await callJson(method, url, options);
  const ok = Array.isArray(expected) ? expected.includes(answer.status) : answer.status === expected;
  if (!ok) throw new Error(`${method} ${url}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
  return answer;
}

/** Polls `probe` every `everyMs` until it answers a value; throws after `timeoutMs`. */
export async function until<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 60_000,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
