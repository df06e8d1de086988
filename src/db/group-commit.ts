/**
 * Group commit: callers submit jobs one by one; the jobs that arrive while a batch is being written
 * are written together by the next one, in one transaction — the commit, and every row the jobs
 * share (roll-ups of the same department, chain heads), are paid once per batch instead of once per
 * job. An idle writer starts at once (after the I/O callbacks of the current turn), so a lone job
 * waits for nothing.
 *
 * `run` settles every job of a batch: a job refused by the rules is a failed outcome, not a failed
 * batch. If `run` itself throws (a database error), each job of the batch is run again alone, so
 * that only the job that causes it fails.
 */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

interface Pending<J, R> {
  job: J;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<J, R> {
  private queue: Pending<J, R>[] = [];
  private draining = false;

  constructor(private readonly run: (jobs: readonly J[]) => Promise<Outcome<R>[]>, private readonly maxBatch = 64) {}

  submit(job: J): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      if (this.draining) return;
      this.draining = true;
      setImmediate(() => void this.drain());
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      const outcomes = await this.settle(batch.map((p) => p.job));
      outcomes.forEach((o, i) => (o.ok ? batch[i]!.resolve(o.value) : batch[i]!.reject(o.error)));
    }
    this.draining = false;
  }

  private async settle(jobs: readonly J[]): Promise<Outcome<R>[]> {
    try {
      const outcomes = await this.run(jobs);
      if (outcomes.length !== jobs.length) throw new Error(`group commit: ${outcomes.length} outcomes for ${jobs.length} jobs`);
      return outcomes;
    } catch (error) {
      if (jobs.length === 1) return [{ ok: false, error }];
      const alone: Outcome<R>[] = [];
      for (const job of jobs) alone.push(...await this.settle([job]));
      return alone;
    }
  }
}
