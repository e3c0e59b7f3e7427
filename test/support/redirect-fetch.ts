/**
 * A `fetch` for an SDK client that sends what it addresses to `fromBaseURL` (say
 * `https://api.groq.com/openai/v1`) to `toBaseURL` (the fake provider) instead: the client
 * keeps its real base URL, so provider recognition and `server.address` see the real host,
 * while the request stays on loopback.
 */
export function redirectFetch(fromBaseURL: string, toBaseURL: string): typeof fetch {
  const from = fromBaseURL.replace(/\/+$/, '');
  return (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const target = url.startsWith(from) ? `${toBaseURL}${url.slice(from.length)}` : url;
    return fetch(target, init);
  };
}
