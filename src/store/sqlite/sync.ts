/**
 * The repositories as better-sqlite3 runs them: synchronously. `Sync<R>` is a port
 * repository with every method's Promise unwrapped; the connection gate (gate.ts) turns
 * them back into the port's asynchronous methods, so SQL lives in one place.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- matches any method signature
type AnyMethod = (...args: any[]) => unknown;

export type Sync<R> = {
  [K in keyof R]: R[K] extends (...args: infer A) => Promise<infer T> ? (...args: A) => T : R[K] extends AnyMethod ? never : R[K];
};
