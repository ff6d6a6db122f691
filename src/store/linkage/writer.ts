/**
 * The committer of linkage writes in a worker thread (writer-thread.ts). A batch's
 * transaction and sync wait on the disk for milliseconds; on the event loop that wait
 * stops every other request, in a thread of its own the bot goes on reading, verifying
 * and answering clicks while the disk syncs. The thread opens its own connections to
 * the same round files: the bot's thread reads each commit once it is reported (WAL),
 * and the seal flag, checked inside every write transaction, keeps the thread from
 * changing a sealed round as it would any other process.
 *
 * Started on the first write, or at once with `start()` — the bot does, so the first
 * answers of a burst need not wait for the thread to load. When the thread fails, the
 * request under way fails (a batch: nothing of it acknowledged) and the next request
 * starts a new thread.
 */
import { Worker } from 'node:worker_threads';
import type { Outcome } from '../group-commit.ts';
import type { LinkageFilesOptions, LinkageWrite, WriteResult } from './files.ts';
import { errorFromWire, fromWire, type WriterReply, type WriterRequest } from './wire.ts';

type Pending = { resolve: (reply: WriterReply) => void; reject: (error: Error) => void };
/** A request without its id (the writer numbers them), for each kind of request. */
type Ask = WriterRequest extends infer R ? (R extends unknown ? Omit<R, 'id'> : never) : never;

/**
 * How the thread is started: from the JavaScript next to this file in the build; from
 * the TypeScript source (tests, tsx) through tsx's loader, which a worker does not
 * inherit from the thread that starts it.
 */
function startThread(workerData: { dir: string; options: LinkageFilesOptions }): Worker {
  if (!import.meta.url.endsWith('.ts')) return new Worker(new URL('./writer-thread.js', import.meta.url), { workerData });
  const entry = JSON.stringify(new URL('./writer-thread.ts', import.meta.url).href);
  return new Worker(`import('tsx/esm/api').then((tsx) => tsx.tsImport(${entry}, ${entry}))`, { eval: true, workerData });
}

export class LinkageWriter {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;

  constructor(
    private readonly dir: string,
    private readonly options: LinkageFilesOptions = {},
  ) {}

  /** Starts the thread now rather than on the first write (whose answer would wait for it). */
  start(): void {
    this.started();
  }

  /** Commits a batch durably in the thread; one outcome per write, in order. Rejects when the batch failed as a whole. */
  async write(batch: LinkageWrite[]): Promise<Outcome<WriteResult>[]> {
    const reply = await this.ask({ kind: 'write', batch });
    return reply.outcomes.map(fromWire);
  }

  /** Closes the thread's connection to a round file, if it has one (before the file is destroyed). */
  async forget(roundId: string): Promise<void> {
    if (this.worker) await this.ask({ kind: 'forget', roundId });
  }

  /** Closes the thread's connections and ends it. */
  async close(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    await this.ask({ kind: 'close' }).catch(() => undefined);
    this.worker = undefined;
    await worker.terminate();
  }

  private ask(request: Ask): Promise<WriterReply> {
    const worker = this.started();
    const id = this.nextId++;
    // Kept alive only while a request is under way: an idle thread never holds the bot open.
    if (this.pending.size === 0) worker.ref();
    return new Promise<WriterReply>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } satisfies WriterRequest);
    }).then((reply) => {
      if (reply.failed && !reply.failed.ok) throw errorFromWire(reply.failed.error);
      return reply;
    });
  }

  private started(): Worker {
    if (this.worker) return this.worker;
    const worker = startThread({ dir: this.dir, options: this.options });
    worker.unref();
    worker.on('message', (reply: WriterReply) => {
      const waiting = this.pending.get(reply.id);
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      waiting?.resolve(reply);
    });
    const fail = (error: Error): void => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`linkage writer thread stopped (exit code ${code})`)));
    this.worker = worker;
    return worker;
  }
}
