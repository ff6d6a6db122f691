/**
 * Group commit: writes that arrive close together are committed together, in one
 * transaction with one sync per file, and each caller hears back when its own write is
 * durable — or that its own write failed. A disk that syncs a thousand times a second
 * then takes many thousands of writes a second, and a burst waits for one sync instead
 * of queueing behind hundreds.
 *
 * The queue is bounded: a write that would make more than `maxPending` wait is refused
 * at once with DomainError('busy'), which people get as a polite "try again" — never a
 * request that hangs until the platform gives up on it.
 *
 * How a batch is committed is the committer's business (in this thread, or in a worker
 * that owns the files); one batch is committed at a time, and whatever arrives while it
 * is under way forms the next one.
 */
import { DomainError } from '../core/errors.ts';

/** What became of one write of a batch. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

/** Commits a batch durably; one outcome per write, in order. Throws when the whole batch failed. */
export type Committer<W, R> = (batch: W[]) => Promise<Outcome<R>[]> | Outcome<R>[];

export interface GroupCommitOptions {
  /** Writes waiting or being committed at most; more are refused with DomainError('busy'). */
  maxPending?: number;
  /** Writes per batch at most (the rest wait for the next). */
  maxBatch?: number;
}

interface Waiting<W, R> {
  write: W;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export const DEFAULT_MAX_PENDING = 5000;
const DEFAULT_MAX_BATCH = 1000;

export class GroupCommit<W, R> {
  private readonly waiting: Waiting<W, R>[] = [];
  private committing = 0;
  private scheduled = false;
  private idle: (() => void)[] = [];
  private readonly maxPending: number;
  private readonly maxBatch: number;
  /** Batches committed so far, and the writes in them (for the benchmark and tests). */
  readonly stats = { batches: 0, writes: 0, refused: 0 };

  constructor(
    private readonly commit: Committer<W, R>,
    options: GroupCommitOptions = {},
  ) {
    this.maxPending = options.maxPending ?? DEFAULT_MAX_PENDING;
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  }

  /** Writes waiting or being committed. */
  get pending(): number {
    return this.waiting.length + this.committing;
  }

  /** Resolves with the write's own result once its batch is durable; rejects with its own error. */
  submit(write: W): Promise<R> {
    if (this.pending >= this.maxPending) {
      this.stats.refused += 1;
      return Promise.reject(new DomainError('busy'));
    }
    return new Promise<R>((resolve, reject) => {
      this.waiting.push({ write, resolve, reject });
      this.schedule();
    });
  }

  /** Resolves once every write submitted so far has been committed or failed. */
  drained(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  /**
   * After the current turn of the event loop: every write issued by the requests this
   * turn handled joins the batch, and an idle bot adds no delay to a lone write.
   */
  private schedule(): void {
    if (this.scheduled || this.committing > 0) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.committing > 0 || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, this.maxBatch);
    this.committing = batch.length;
    try {
      const outcomes = await this.commit(batch.map((w) => w.write));
      this.stats.batches += 1;
      this.stats.writes += batch.length;
      batch.forEach((w, i) => {
        const outcome = outcomes[i];
        if (!outcome) w.reject(new Error('group commit returned no outcome for a write'));
        else if (outcome.ok) w.resolve(outcome.value);
        else w.reject(outcome.error);
      });
    } catch (error) {
      // The whole batch failed (nothing of it is durable): every write in it hears so.
      for (const w of batch) w.reject(error);
    } finally {
      this.committing = 0;
      if (this.waiting.length > 0) this.schedule();
      else for (const done of this.idle.splice(0)) done();
    }
  }
}
