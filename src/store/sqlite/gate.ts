/**
 * One SQLite connection shared by asynchronous callers. better-sqlite3 runs every
 * statement synchronously, so a single call is atomic on its own; only a transaction
 * whose callback awaits needs guarding: while it is open, no other call may run on the
 * connection (it would join the transaction, or commit half of it). The gate queues
 * such calls until the transaction ends, first come first served.
 *
 * Fast path: with no transaction open, a call runs at once and returns a settled
 * promise, so SQLite keeps its speed.
 *
 * Waiting for another connection's lock is asynchronous too: the connection's own busy
 * timeout is 0, and a call that finds the file locked (SQLITE_BUSY, nothing done) is
 * tried again after a short pause until `busyTimeoutMs` has passed. A synchronous busy
 * wait would stop the event loop — and with it the transaction holding the lock, when
 * that is another connection of the same process.
 */
import type Database from 'better-sqlite3';
import type { Sync } from './sync.ts';

type Task = () => void;

/** Every method of `sync` as the port's asynchronous method, running through `run`. */
export function asyncRepository<R extends object>(sync: Sync<R>, run: <T>(fn: () => T) => Promise<T>): R {
  const out: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(sync)) {
    if (typeof method !== 'function') continue;
    out[name] = (...args: unknown[]) => run(() => (method as (...a: unknown[]) => unknown)(...args));
  }
  return out as R;
}

const isBusy = (error: unknown): boolean => {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
};

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function settle<T>(fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(asError(error));
  }
}

const asError = (error: unknown): Error => (error instanceof Error ? error : new Error(String(error)));

export class ConnectionGate {
  /** The open transaction, if any. */
  private holder: symbol | undefined;
  private readonly waiting: Task[] = [];

  constructor(
    private readonly db: Database.Database,
    private readonly busyTimeoutMs: number,
  ) {}

  /** A single call outside any transaction: now when the connection is free, else after. */
  call<T>(fn: () => T): Promise<T> {
    const deadline = Date.now() + this.busyTimeoutMs;
    return new Promise<T>((resolve, reject) => this.whenFree(() => this.attempt(fn, deadline, 2, resolve, reject)));
  }

  /**
   * Runs fn on the free connection. When the file is locked by another connection
   * (nothing was done), it is tried again a little later — queued like a new call, so a
   * transaction that began meanwhile on this connection is never joined.
   */
  private attempt<T>(fn: () => T, deadline: number, wait: number, resolve: (value: T) => void, reject: (error: Error) => void): void {
    try {
      resolve(fn());
    } catch (error) {
      if (!isBusy(error) || Date.now() >= deadline) return reject(asError(error));
      setTimeout(() => this.whenFree(() => this.attempt(fn, deadline, Math.min(wait * 2, 50), resolve, reject)), wait);
    }
  }

  /** Runs task now when no transaction holds the connection and nothing waits, else in turn. */
  private whenFree(task: Task): void {
    if (this.holder === undefined && this.waiting.length === 0) return task();
    this.waiting.push(task);
    this.drain();
  }

  /** A statement while holding the connection (BEGIN of a transaction), tried again while the file is locked. */
  private async patiently<T>(fn: () => T): Promise<T> {
    const deadline = Date.now() + this.busyTimeoutMs;
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      try {
        return fn();
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
      }
      await pause(wait);
    }
  }

  /**
   * Runs `fn` inside `BEGIN IMMEDIATE … COMMIT` with a `run` that bypasses the queue and
   * refuses to work once the transaction has ended (a handle kept too long).
   */
  async transaction<T>(fn: (run: <U>(step: () => U) => Promise<U>) => Promise<T>): Promise<T> {
    const token = Symbol('transaction');
    await this.acquire(token);
    try {
      await this.patiently(() => this.db.exec('BEGIN IMMEDIATE'));
    } catch (error) {
      this.release(token);
      throw error;
    }
    const run = <U>(step: () => U): Promise<U> =>
      this.holder === token ? settle(step) : Promise.reject(new Error('store transaction handle used after its transaction ended'));
    try {
      const result = await fn(run);
      this.db.exec('COMMIT');
      return result;
    } catch (error) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      throw error;
    } finally {
      this.release(token);
    }
  }

  /** Resolves once nothing else uses the connection (for close). */
  idle(): Promise<void> {
    return this.call(() => undefined);
  }

  private acquire(token: symbol): Promise<void> {
    if (this.holder === undefined && this.waiting.length === 0) {
      this.holder = token;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      // Taken synchronously when its turn comes, so nothing slips in before it.
      this.waiting.push(() => {
        this.holder = token;
        resolve();
      });
      this.drain();
    });
  }

  private release(token: symbol): void {
    if (this.holder !== token) return;
    this.holder = undefined;
    this.drain();
  }

  private drain(): void {
    while (this.holder === undefined && this.waiting.length > 0) this.waiting.shift()?.();
  }
}
