/**
 * A small web app doing the docs' protocol client side, in the browser, with the client bundled in:
 * init a temporary user → list banks with their fields → add a connection → answer what the bank asks
 * (an SMS code) → show the connection's accounts. Everything it learns it shows; the test reads the page.
 */
import { Budgea, BudgeaError, type ConnectionStep, type Connector, type Field, type FieldValues } from "budgea";

const { apiUrl } = JSON.parse(document.getElementById("config")!.textContent!) as { apiUrl: string };
const anonymous = new Budgea({ baseUrl: apiUrl });
let user: Budgea | undefined;
let banks: Connector[] = [];
let connectionId: number | undefined;

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

/** One input (or select, for `list` fields) per field, labelled with the bank's own label. */
function renderFields(container: HTMLElement, fields: readonly Field[]): void {
  container.replaceChildren(
    ...fields.map((field) => {
      const label = document.createElement("label");
      label.textContent = field.label;
      label.htmlFor = `field-${field.name}`;
      const input = document.createElement(field.type === "list" ? "select" : "input");
      input.id = `field-${field.name}`;
      input.name = field.name;
      if (input instanceof HTMLInputElement) input.type = field.type === "password" ? "password" : "text";
      else for (const { value, label: text } of field.values ?? []) input.append(new Option(text, value));
      const row = document.createElement("p");
      row.append(label, input);
      return row;
    }),
  );
}

function valuesOf(form: HTMLFormElement): FieldValues {
  const values: FieldValues = {};
  for (const element of form.querySelectorAll<HTMLInputElement | HTMLSelectElement>("[id^=field-]"))
    values[element.name] = element.value;
  return values;
}

async function show(step: ConnectionStep): Promise<void> {
  connectionId = step.connection.id;
  $("status").textContent = `Connection #${step.connection.id}: ${step.status}`;
  if (step.status === "additionalInformationNeeded") {
    renderFields($("more-fields"), step.fields);
    $("more-form").hidden = false;
    return;
  }
  $("more-form").hidden = true;
  if (step.status !== "connected") return;
  const { data } = await user!.api.GET("/users/{id_user}/accounts", {
    params: { path: { id_user: "me" }, query: { all: true } },
  });
  $("accounts").replaceChildren(
    ...data.accounts.map((account) =>
      Object.assign(document.createElement("li"), { textContent: `${account.name}: ${account.balance}` }),
    ),
  );
}

async function guarded(action: () => Promise<void>): Promise<void> {
  $("error").textContent = "";
  try {
    await action();
  } catch (error) {
    $("error").textContent = error instanceof BudgeaError ? `${error.name}: ${error.message}` : String(error);
  }
}

$("start").addEventListener("click", () =>
  guarded(async () => {
    const grant = await anonymous.auth.init();
    user = anonymous.withToken(grant.token);
    $("user").textContent = `User #${grant.idUser}, ${grant.type} token until ${grant.expiresAt?.toISOString()}`;
    const { data } = await user.api.GET("/banks", { params: { query: { expand: "fields" } } });
    banks = data.banks;
    $<HTMLSelectElement>("bank").replaceChildren(
      new Option("Choose your bank", ""),
      ...banks.map((bank) => new Option(bank.name, String(bank.id))),
    );
    $("bank-form").hidden = false;
  }),
);

$("bank").addEventListener("change", () => {
  const bank = banks.find((b) => String(b.id) === $<HTMLSelectElement>("bank").value);
  renderFields($("credentials"), bank?.fields ?? []);
});

$("bank-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const bank = banks.find((b) => String(b.id) === $<HTMLSelectElement>("bank").value)!;
  const fields = valuesOf(event.target as HTMLFormElement);
  void guarded(async () =>
    show(await user!.connections.create({ connectorId: bank.id, fields, fieldDefinitions: bank.fields ?? [] })),
  );
});

$("more-form").addEventListener("submit", (event) => {
  event.preventDefault();
  const answers = valuesOf(event.target as HTMLFormElement);
  void guarded(async () => show(await user!.connections.resume(connectionId!, answers)));
});
