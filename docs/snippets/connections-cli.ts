import { Budgea } from "budgea";
import { createInterface } from "node:readline/promises";
import { Writable } from "node:stream";

const user = new Budgea({ domain: "demo" }).withToken(process.env.BUDGEA_USER_TOKEN!);

// A prompt that does not echo what is typed (bank passwords), and an ordinary one.
let muted = false;
const screen = new Writable({ write: (chunk, _encoding, done) => void (muted || process.stdout.write(chunk), done()) });
const terminal = createInterface({ input: process.stdin, output: screen, terminal: true });
const ask = (question: string) => terminal.question(question);
async function askHidden(question: string): Promise<string> {
  process.stdout.write(question);
  muted = true;
  try {
    return await terminal.question("");
  } finally {
    muted = false;
    process.stdout.write("\n");
  }
}

// One call for scripts and CLIs: asks whenever the bank wants more, tells the user to validate in their app.
const connection = await user.connections.connect({
  connectorId: Number(process.argv[2] ?? 59), // the bank, e.g. from GET /banks
  fields: { login: await ask("Login: "), password: await askHidden("Password: ") },
  prompt: async (fields, _step, problem) => {
    if (problem) console.log(`That does not look right (${problem.field}), try again.`);
    const answers: Record<string, string> = {};
    for (const field of fields) {
      const question = `${field.label}: `;
      answers[field.name] = field.type === "password" ? await askHidden(question) : await ask(question);
    }
    return answers;
  },
  onStep: (step) => {
    if (step.status === "decoupled" || step.status === "validating") console.log("Validate in your bank's app…");
  },
});
console.log(`connected: #${connection.id}`);
terminal.close();
