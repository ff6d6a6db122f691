/**
 * An HTTP client for the Teams SDK that makes its copies on first use. For every
 * activity the SDK clones its client about ten times (one per API area, Graph, the
 * user's token…), each a new axios instance — measured at 1,000 card clicks/s, 17% of
 * the bot's event loop — while a click the bot answers in its invoke response uses none
 * of them. Here a clone is a stand-in that becomes the real clone, made with the same
 * options, only when something of it other than `clone` is used: the SDK's checks
 * (`'request' in client`) and further clones stay free.
 */
import { createRequire } from 'node:module';
import type { App } from '@microsoft/teams.apps';

/** The SDK's client as the SDK (CommonJS) knows it. */
type HttpClient = App['client'];
type ClientOptions = NonNullable<Parameters<HttpClient['clone']>[0]>;
// The CommonJS build, the one the SDK itself loads: one class, not its ESM twin.
const { Client } = createRequire(import.meta.url)('@microsoft/teams.common') as { Client: new (options: ClientOptions) => HttpClient };

/** What the SDK finds on a client without using it: its methods (`'request' in client`). */
const METHODS = new Set<PropertyKey>(['get', 'post', 'put', 'patch', 'delete', 'request', 'use', 'eject', 'clear', 'clone', 'withConfig']);

/** A client that is `make()`'s on first use, whose clones are made on their first use too. */
export function lazyHttpClient(make: () => HttpClient): HttpClient {
  let real: HttpClient | undefined;
  const materialized = (): HttpClient => (real ??= make());
  return new Proxy(Object.create(Client.prototype as object) as HttpClient, {
    has: (_target, key) => METHODS.has(key) || Reflect.has(materialized(), key),
    get(_target, key) {
      if (key === 'clone') return (options?: ClientOptions) => lazyHttpClient(() => materialized().clone(options));
      const client = materialized();
      const value: unknown = Reflect.get(client, key, client);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(client) : value;
    },
    set: (_target, key, value) => Reflect.set(materialized(), key, value),
  });
}

/** The SDK's client, lazily, with `options` (the bot's logger, so no clone makes a console logger of its own). */
export function lazySdkClient(options: ClientOptions): HttpClient {
  return lazyHttpClient(() => new Client(options));
}
