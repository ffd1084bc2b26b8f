/** The sandbox's time: real time by default, movable by tests (expire a 30-minute token instantly). */
export interface SandboxClock {
  /** Milliseconds since the epoch, as the sandbox sees it. */
  now(): number;
  /** Moves time forward; due work (decoupled validations, transfers) runs at once. */
  advance(ms: number): void;
  /** Jumps to an instant (epoch ms, Date or ISO string). */
  set(time: number | Date | string): void;
}

export interface ClockSource {
  /** An injected time source (e.g. a fake timer's); otherwise real time from `start`. */
  now?: () => number;
  start?: number | Date | string;
}

export function toEpochMs(time: number | Date | string): number {
  const ms = typeof time === "number" ? time : new Date(time).getTime();
  if (!Number.isFinite(ms)) throw new TypeError("invalid time");
  return ms;
}

export function createClock(source: ClockSource, onChange: () => void): SandboxClock {
  const base = source.now ?? realTimeFrom(source.start === undefined ? Date.now() : toEpochMs(source.start));
  let offset = 0;
  return {
    now: () => base() + offset,
    advance(ms) {
      if (!(ms >= 0)) throw new RangeError("advance() takes a non-negative number of milliseconds");
      offset += ms;
      onChange();
    },
    set(time) {
      offset = toEpochMs(time) - base();
      onChange();
    },
  };
}

function realTimeFrom(start: number): () => number {
  const origin = performance.now();
  return () => start + Math.floor(performance.now() - origin);
}
