/** Recognising redeliveries: the API sends a refused delivery again with the same `id_webhook_data`. */
import { InvalidOptionsError } from "../errors.js";

/** Recognises redeliveries by `id_webhook_data` (`createDeliveryDeduper()`): claim before processing. */
export interface DeliveryDeduper {
  /** True the first time an id is claimed (process it), false for a redelivery. Undefined ids always pass. */
  claim(idWebhookData: number | string | undefined): boolean;
  /** Forget an id whose processing failed, so the API's redelivery is processed. */
  release(idWebhookData: number | string | undefined): void;
  /** Whether an id is remembered, without claiming it. */
  has(idWebhookData: number | string): boolean;
  /** How many ids are remembered (at most `max`). */
  readonly size: number;
}

/** Remembers the last `max` delivery ids (least recently seen forgotten first): bounded memory. */
export function createDeliveryDeduper({ max = 10_000 }: { max?: number } = {}): DeliveryDeduper {
  if (!Number.isSafeInteger(max) || max < 1) throw new InvalidOptionsError("max", "must be a positive integer");
  const seen = new Map<string, true>();
  return {
    claim(id) {
      if (id === undefined) return true;
      const key = String(id);
      const known = seen.delete(key);
      seen.set(key, true);
      if (seen.size > max) seen.delete(seen.keys().next().value as string);
      return !known;
    },
    release: (id) => void (id !== undefined && seen.delete(String(id))),
    has: (id) => seen.has(String(id)),
    get size() {
      return seen.size;
    },
  };
}
