import { createRng, mix, randomDigits, randomToken } from "./core/random.js";
import type { ResolvedOptions } from "./options.js";
import type { Credentials } from "./state/world.js";

/** The client application and manage token, derived from the seed (the same across `reset()`). */
export function credentialsFor(options: ResolvedOptions): Credentials {
  const rng = createRng(mix(options.seed, 0));
  return {
    clientId: `${1 + Math.floor(rng() * 9)}${randomDigits(rng, 7)}`,
    clientSecret: randomToken(rng, 32),
    manageToken: randomToken(rng, 32),
    redirectUris: [...options.redirectUris],
  };
}
