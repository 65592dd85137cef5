/**
 * Work GitLab does after the request that caused it has committed (Sidekiq workers, the second
 * half of a service). Jobs run, in the order they are due, whenever the simulator next looks at
 * its data at or after their time, so that a frozen clock gives the same results every run.
 */
export class JobQueue {
  private jobs: Array<{ dueAt: number; seq: number; run: () => void }> = [];
  private seq = 0;

  constructor(private readonly now: () => number) {}

  /** Runs `run` once the clock reaches `dueAt`. */
  schedule(dueAt: number, run: () => void): void {
    this.jobs.push({ dueAt, seq: this.seq++, run });
  }

  /** Runs every job that is due, oldest first. */
  runDue(): void {
    const now = this.now();
    for (;;) {
      const due = this.jobs
        .filter(job => job.dueAt <= now)
        .sort((a, b) => a.dueAt - b.dueAt || a.seq - b.seq)[0];
      if (!due) return;
      this.jobs.splice(this.jobs.indexOf(due), 1);
      due.run();
    }
  }

  /** Number of jobs not yet run. */
  get pending(): number {
    return this.jobs.length;
  }
}
