import { Budgea } from "budgea";
import { createInterface } from "node:readline/promises";

const user = new Budgea({ domain: "demo" }).withToken(process.env.BUDGEA_USER_TOKEN!);
const terminal = createInterface({ input: process.stdin, output: process.stdout });

// One call for scripts and CLIs: asks whenever the bank wants more, waits through app validations.
const connection = await user.connections.connect({
  connectorId: 59,
  fields: { login: "12345678", password: await terminal.question("Password: ") },
  prompt: async (fields) => {
    const answers: Record<string, string> = {};
    for (const field of fields) answers[field.name] = await terminal.question(`${field.label}: `);
    return answers;
  },
});
console.log(`connected: #${connection.id}`);
