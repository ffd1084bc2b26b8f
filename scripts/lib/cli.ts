/** Tiny CLI helpers: `--name value` flags and one-line errors with a non-zero exit. */
import { SpecError } from "./spec-source.ts";

export function parseArgs(argv: string[], names: string[], booleans: string[] = []) {
  const flags: Record<string, string | undefined> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (booleans.includes(name)) flags[name] = "true";
    else if (names.includes(name) && i + 1 < argv.length) flags[name] = argv[++i];
    else throw new SpecError(`unknown or incomplete option ${arg}`);
  }
  return Object.assign(flags, { _: positional });
}

export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`error: ${message.split("\n")[0]}`);
    if (!(error instanceof SpecError) && process.env.DEBUG) console.error(error);
    process.exitCode = 1;
  });
}
