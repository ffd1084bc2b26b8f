/** Deterministic pseudo-random numbers: the sandbox never calls `Math.random`, so a seed replays a run. */
export type Rng = () => number;

/** mulberry32: small, fast, good enough for fake data. Returns numbers in [0, 1). */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Mixes numbers into one 32-bit seed, so item `i` of entity `id` gets its own stream (generated on the fly). */
export function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    for (const word of [part >>> 0, Math.floor(part / 4294967296) >>> 0]) {
      h = Math.imul(h ^ word, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
    }
  }
  return h >>> 0;
}

export function randomInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const ALNUM = BASE64.slice(0, 62);

/** A token like the API's (`7wBPuFfb1Hod82f1+KNa0AmrkIuQ3h1G`): base64 characters, so `+` and `/` test URL encoding. */
export function randomToken(rng: Rng, length = 32): string {
  return randomString(rng, length, BASE64);
}

export function randomAlnum(rng: Rng, length: number): string {
  return randomString(rng, length, ALNUM);
}

export function randomDigits(rng: Rng, length: number): string {
  return randomString(rng, length, "0123456789");
}

function randomString(rng: Rng, length: number, alphabet: string): string {
  let out = "";
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}
