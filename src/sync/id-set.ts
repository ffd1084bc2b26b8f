/**
 * The ids a run has yielded, kept as sorted ranges of consecutive ids: a first run yields whole accounts, whose
 * transaction ids mostly follow each other, so a million ids are a few thousand ranges, and a checkpoint (taken
 * at every commit) costs the ranges, not the ids. Encoded as base36 deltas from the previous range's end:
 * `a` is one id, `a-b` the range from `a` to `a + b` (the first cursor format, one delta per id, reads the same).
 */
export class IdSet {
  /** Range starts and ends (inclusive), sorted, disjoint and not adjacent. */
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];

  has(id: number): boolean {
    const i = this.#rangeAtOrBefore(id);
    return i >= 0 && id <= this.#ends[i]!;
  }

  add(id: number): void {
    const i = this.#rangeAtOrBefore(id);
    if (i >= 0 && id <= this.#ends[i]!) return;
    const joinsLeft = i >= 0 && this.#ends[i] === id - 1;
    const joinsRight = i + 1 < this.#starts.length && this.#starts[i + 1] === id + 1;
    if (joinsLeft && joinsRight) {
      this.#ends[i] = this.#ends[i + 1]!;
      this.#starts.splice(i + 1, 1);
      this.#ends.splice(i + 1, 1);
    } else if (joinsLeft) this.#ends[i] = id;
    else if (joinsRight) this.#starts[i + 1] = id;
    else {
      this.#starts.splice(i + 1, 0, id);
      this.#ends.splice(i + 1, 0, id);
    }
  }

  encode(): string {
    let previous = 0;
    return this.#starts
      .map((start, i) => {
        const end = this.#ends[i]!;
        const token = (start - previous).toString(36) + (end > start ? `-${(end - start).toString(36)}` : "");
        previous = end;
        return token;
      })
      .join(",");
  }

  /** Reads `encode()`'s output; undefined when it is not that. */
  static decode(text: string): IdSet | undefined {
    const set = new IdSet();
    if (text === "") return set;
    if (!/^[0-9a-z]+(-[0-9a-z]+)?(,[0-9a-z]+(-[0-9a-z]+)?)*$/.test(text)) return undefined;
    let previous = 0;
    for (const token of text.split(",")) {
      const [delta, length] = token.split("-");
      const start = previous + parseInt(delta!, 36);
      const end = start + (length === undefined ? 0 : parseInt(length, 36));
      const last = set.#ends.length - 1;
      if (!Number.isSafeInteger(end) || (last >= 0 && start <= set.#ends[last]!)) return undefined;
      if (last >= 0 && start === set.#ends[last]! + 1) set.#ends[last] = end;
      else {
        set.#starts.push(start);
        set.#ends.push(end);
      }
      previous = end;
    }
    return set;
  }

  /** The index of the last range starting at or before `id`, or -1. */
  #rangeAtOrBefore(id: number): number {
    let lo = 0;
    let hi = this.#starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#starts[mid]! <= id) lo = mid + 1;
      else hi = mid;
    }
    return lo - 1;
  }
}
