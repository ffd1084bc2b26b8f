/** Tiny CLI helpers: `--name value` options, boolean flags, `--help`, and one-line errors with a non-zero exit. */
import { SpecError } from "./spec-source.ts";

export interface Command {
  /** The usage text `--help` prints (and a bad option points to). */
  usage: string;
  /** Options that take a value: `--spec <path>`. */
  values?: string[];
  /** Options that take none: `--strict`. */
  flags?: string[];
}

export type Args = Record<string, string | undefined> & { _: string[] };

/** Parses argv; `--help` (or `-h`) prints the usage and exits 0; an unknown option is a SpecError. */
export function parseArgs(argv: string[], command: Command): Args {
  const flags: Record<string, string | undefined> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--help" || arg === "-h") {
      process.stdout.write(command.usage.trimEnd() + "\n");
      process.exit(0);
    }
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    if (command.flags?.includes(name)) flags[name] = "true";
    else if (command.values?.includes(name) && i + 1 < argv.length) flags[name] = argv[++i];
    else throw new SpecError(`unknown or incomplete option ${arg} (see --help)`);
  }
  return Object.assign(flags, { _: positional });
}

/**
 * Runs a script's main: a SpecError (bad input, a fix that conflicts…) prints its message in full, every line
 * of it written for the user; anything else prints its first line (the stack with DEBUG=1). Exit code 1.
 */
export function runMain(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    console.error(`error: ${error instanceof SpecError ? message : message.split("\n")[0]}`);
    if (!(error instanceof SpecError) && process.env.DEBUG) console.error(error);
    process.exitCode = 1;
  });
}
