/**
 * Work due at a sandbox time (a decoupled validation, a transfer becoming `done`). It runs when the clock
 * passes its time: checked on every request, on `clock.advance()`, and by one real timer armed for the
 * earliest task (unref'd, cleared on close), so a webhook still fires when nobody polls.
 */
interface Task {
  at: number;
  seq: number;
  run: () => void;
}

export class Scheduler {
  private tasks: Task[] = [];
  private seq = 0;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly now: () => number,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Schedules `run` at sandbox time `at`; returns a cancel function. */
  at(at: number, run: () => void): () => void {
    const task = { at, seq: this.seq++, run };
    this.tasks.push(task);
    this.arm();
    return () => {
      this.tasks = this.tasks.filter((t) => t !== task);
      this.arm();
    };
  }

  runDue(): void {
    for (;;) {
      const due = this.tasks.filter((t) => t.at <= this.now()).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.tasks = this.tasks.filter((t) => t !== due);
      try {
        due.run();
      } catch (error) {
        this.onError(error);
      }
    }
    this.arm();
  }

  clear(): void {
    this.tasks = [];
    this.arm();
  }

  close(): void {
    this.closed = true;
    this.clear();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.closed || this.tasks.length === 0) return;
    const next = Math.min(...this.tasks.map((t) => t.at));
    const wait = Math.max(0, Math.min(next - this.now(), 2 ** 31 - 1));
    this.timer = setTimeout(() => this.runDue(), wait);
    this.timer.unref();
  }
}
