/**
 * Stable element ids of the sandbox webview, for browser tests. Every page is a `<main>` whose id names
 * the step; every form posts back to the sandbox; `submit` moves on, `cancel` ends the flow with
 * `error=access_denied`.
 */
export const WEBVIEW_IDS = {
  /** The `<main>` id of each step. */
  steps: {
    /** Pick a bank: `connectorSelect` then `submit`. */
    select: "step-select",
    /** The bank's credential fields: `field(name)` then `submit`. */
    credentials: "step-credentials",
    /** What the bank asks next (an SMS code…): `field(name)` then `submit`. */
    additional: "step-additional",
    /** Validate in the bank's app (decoupled/validating): refreshes itself; `submit` checks again. */
    waiting: "step-waiting",
    /** A bank that authenticates on its own site: `submit` approves, `cancel` refuses. */
    webauth: "step-webauth",
    /** Choose the accounts to share: `account(id)` checkboxes (pre-checked) then `submit`. */
    accounts: "step-accounts",
    /** The user's connections: `connection(id)`, `deleteConnection(id)`, `addConnection`, `close`. */
    manage: "step-manage",
    /** The flow ended without a redirect URI to go back to. */
    done: "step-done",
    /** A request the webview refuses (unknown client, unregistered redirect URI…); nothing redirects. */
    error: "step-error",
  },
  /** The bank `<select>` of the `select` step. */
  connectorSelect: "connector-select",
  /** The input of a bank field, by the field's name (`login`, `password`, an OTP's). */
  field: (name: string) => `field-${name}`,
  /** An account's checkbox on the `accounts` step, by account id. */
  account: (id: number) => `account-${id}`,
  /** A connection's entry on the `manage` step, by connection id. */
  connection: (id: number) => `connection-${id}`,
  /** The button deleting a connection on the `manage` step. */
  deleteConnection: (id: number) => `delete-${id}`,
  /** The button starting a `connect` from the `manage` step. */
  addConnection: "add-connection",
  /** The button moving a step on. */
  submit: "submit",
  /** The button ending the flow with `error=access_denied`. */
  cancel: "cancel",
  /** The `manage` step's close button: back to the redirect URI. */
  close: "close",
  /** The message of a step that failed (wrong password…), on the page that asks again. */
  error: "error",
} as const;
