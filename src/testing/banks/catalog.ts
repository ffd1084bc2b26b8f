import type { AccountTypeName, ConnectionState, Field } from "../models.js";

/**
 * The seeded banks. Each one answers a connection attempt differently, so every branch of a client's
 * connection flow can be driven offline. The table in README.md mirrors `summary`.
 */
export type BankBehaviour =
  | { kind: "sync" }
  | { kind: "otp"; rounds: Field[][] }
  | { kind: "decoupled"; outcome: "validated" | "expires" }
  | { kind: "sca" }
  | { kind: "webauth" }
  | { kind: "validating" }
  | { kind: "fail"; state: Exclude<ConnectionState, null>; message: string };

export interface SeededBank {
  id: number;
  uuid: string;
  name: string;
  slug: string;
  behaviour: BankBehaviour;
  summary: string;
  fields: Field[];
  accounts: { type: AccountTypeName; name: string }[];
}

const field = ({ name, label, type, ...rest }: Pick<Field, "name" | "label" | "type"> & Partial<Field>): Field => ({
  name,
  label,
  type,
  regex: null,
  required: true,
  ephemeral: false,
  ...rest,
});

export const LOGIN_FIELD = field({
  name: "login",
  label: "Identifiant (8 chiffres)",
  type: "text",
  regex: "^[0-9]{8}$",
});
export const PASSWORD_FIELD = field({
  name: "password",
  label: "Code secret (6 chiffres)",
  type: "password",
  regex: "^[0-9]{6}$",
});
export const WEBSITE_FIELD = field({
  name: "website",
  label: "Type de compte",
  type: "list",
  required: false,
  value: "par",
  values: [
    { value: "par", label: "Particuliers" },
    { value: "pro", label: "Professionnels" },
  ],
});
export const SMS_FIELD = field({
  name: "sms",
  label: "Code reçu par SMS (6 chiffres)",
  type: "text",
  regex: "^[0-9]{6}$",
  ephemeral: true,
});
export const CARD_READER_FIELD = field({
  name: "card_code",
  label: "Code affiché par votre lecteur de carte (8 chiffres)",
  type: "text",
  regex: "^[0-9]{8}$",
  ephemeral: true,
});

const CREDENTIALS = [LOGIN_FIELD, PASSWORD_FIELD];
const EVERYDAY = [
  { type: "checking" as const, name: "Compte chèque" },
  { type: "savings" as const, name: "Livret A" },
];

const banks: Omit<SeededBank, "uuid" | "slug">[] = [
  {
    id: 59,
    name: "Sandbox Bank",
    behaviour: { kind: "sync" },
    summary: "Connects at once (200, `state: null`). Has a `list` field (`website`).",
    fields: [LOGIN_FIELD, PASSWORD_FIELD, WEBSITE_FIELD],
    accounts: [...EVERYDAY, { type: "card", name: "Carte Visa Premier" }, { type: "pea", name: "PEA" }],
  },
  {
    id: 60,
    name: "OTP Bank",
    behaviour: { kind: "otp", rounds: [[SMS_FIELD]] },
    summary: "Asks an SMS code (`sms`, 6 digits) once, then connects.",
    fields: CREDENTIALS,
    accounts: EVERYDAY,
  },
  {
    id: 61,
    name: "Two-Step Bank",
    behaviour: { kind: "otp", rounds: [[SMS_FIELD], [CARD_READER_FIELD]] },
    summary: "Asks twice: an SMS code (`sms`), then a card-reader code (`card_code`, 8 digits).",
    fields: CREDENTIALS,
    accounts: EVERYDAY,
  },
  {
    id: 62,
    name: "Decoupled Bank",
    behaviour: { kind: "decoupled", outcome: "validated" },
    summary: "`decoupled` (validate in the bank's app); synced after `decoupledDelayMs`.",
    fields: CREDENTIALS,
    accounts: EVERYDAY,
  },
  {
    id: 63,
    name: "Decoupled Timeout Bank",
    behaviour: { kind: "decoupled", outcome: "expires" },
    summary: "`decoupled`, never validated: after `decoupledTimeoutMs` the state becomes `SCARequired`.",
    fields: CREDENTIALS,
    accounts: EVERYDAY,
  },
  {
    id: 64,
    name: "SCA Bank",
    behaviour: { kind: "sca" },
    summary: "Created in state `SCARequired`; POSTing to the connection then asks an SMS code.",
    fields: CREDENTIALS,
    accounts: EVERYDAY,
  },
  {
    id: 65,
    name: "Webauth Bank",
    behaviour: { kind: "webauth" },
    summary:
      "No credentials: state `webauthRequired`; the user approves on `/webauth` (URL in the `webauth_url` field).",
    fields: [],
    accounts: EVERYDAY,
  },
  {
    id: 66,
    name: "Validating Bank",
    behaviour: { kind: "validating" },
    summary: "State `validating`; synced after `validatingDelayMs`.",
    fields: CREDENTIALS,
    accounts: EVERYDAY,
  },
  {
    id: 67,
    name: "Unavailable Bank",
    behaviour: { kind: "fail", state: "websiteUnavailable", message: "The bank's website is unavailable" },
    summary: "400 `websiteUnavailable`.",
    fields: CREDENTIALS,
    accounts: EVERYDAY,
  },
  {
    id: 68,
    name: "Action Needed Bank",
    behaviour: { kind: "fail", state: "actionNeeded", message: "Please accept the new terms on the bank's website" },
    summary: "400 `actionNeeded`.",
    fields: CREDENTIALS,
    accounts: EVERYDAY,
  },
  {
    id: 69,
    name: "Expired Password Bank",
    behaviour: {
      kind: "fail",
      state: "passwordExpired",
      message: "Your password has expired, change it on the bank's website",
    },
    summary: "400 `passwordExpired`.",
    fields: CREDENTIALS,
    accounts: EVERYDAY,
  },
  {
    id: 70,
    name: "Rate Limited Bank",
    behaviour: { kind: "fail", state: "rateLimiting", message: "Too many connections to the bank, try again later" },
    summary: "400 `rateLimiting`.",
    fields: CREDENTIALS,
    accounts: EVERYDAY,
  },
];

export const BANKS: readonly SeededBank[] = banks.map((bank) => ({
  ...bank,
  uuid: uuidFor(bank.id),
  slug: bank.name.toUpperCase().replace(/[^A-Z0-9]+/g, "_"),
  fields: bank.fields.map((f, i) => ({ ...f, id: bank.id * 10 + i, id_connector: bank.id })),
}));

export function bankById(id: number): SeededBank | undefined {
  return BANKS.find((b) => b.id === id);
}

export function bankByUuid(uuid: string): SeededBank | undefined {
  return BANKS.find((b) => b.uuid === uuid.toLowerCase());
}

/** Fixed, readable UUIDs (the same whatever the seed, so they can be documented). */
function uuidFor(id: number): string {
  return `5a4db0c5-0000-4000-8000-${String(id).padStart(12, "0")}`;
}
