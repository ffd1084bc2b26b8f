/** What every row is given: where the project is and how long the run may take. */
export interface Settings {
  /** The project root (where package.json is). */
  root: string;
  /** `--quick`: fewer rounds, 100,000 items, one tsc run with TypeScript 7 only; under a minute. */
  quick: boolean;
}
