import type { Logger } from '../logger';

/**
 * Every timer the simulator sets goes through one of these, so `stop()` can clear them all
 * and leave the process free to exit. A callback that throws or rejects is logged, never
 * allowed to become an unhandled rejection that would take the server down with it.
 */
export class TimerSet {
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Pending sleeps, woken (with false) by stop() so the conversations awaiting them unwind. */
  private readonly sleepers = new Set<() => void>();
  private stopped = false;
  /** Callbacks that threw or rejected: the benchmark reports them (ack timeouts under overload). */
  failures = 0;

  constructor(private readonly logger: Logger) {}

  get size(): number {
    return this.timers.size;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Runs `work` after `ms`; returns a handle for `cancel`, or undefined once stopped. */
  after(ms: number, what: string, work: () => void | Promise<void>): NodeJS.Timeout | undefined {
    if (this.stopped) return undefined;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      try {
        const result = work();
        if (result instanceof Promise) result.catch((error: unknown) => this.failed(what, error));
      } catch (error) {
        this.failed(what, error);
      }
    }, Math.max(0, ms));
    this.timers.add(timer);
    return timer;
  }

  private failed(what: string, error: unknown): void {
    this.failures += 1;
    this.logger.warn({ err: error }, `simulator: ${what} failed`);
  }

  cancel(timer: NodeJS.Timeout | undefined): void {
    if (!timer) return;
    clearTimeout(timer);
    this.timers.delete(timer);
  }

  /** Resolves after `ms`, or with false at once when the set is stopped meanwhile. */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve(false);
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        this.sleepers.delete(wake);
        resolve(true);
      }, Math.max(0, ms));
      const wake = () => {
        clearTimeout(timer);
        this.timers.delete(timer);
        resolve(false);
      };
      this.timers.add(timer);
      this.sleepers.add(wake);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
  }
}
