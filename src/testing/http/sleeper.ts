/** Delays injected by faults, all cancelled when the sandbox closes (no timer outlives it). */
export class Sleeper {
  private readonly timers = new Map<NodeJS.Timeout, (completed: boolean) => void>();

  /** Resolves true after `ms`, or false at once if the sandbox closes first. */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        resolve(true);
      }, ms);
      this.timers.set(timer, resolve);
    });
  }

  close(): void {
    for (const [timer, resolve] of this.timers) {
      clearTimeout(timer);
      resolve(false);
    }
    this.timers.clear();
  }
}
