/**
 * Stable element ids of the sandbox webview, for browser tests. Every page is a `<main>` whose id names
 * the step; every form posts back to the sandbox; `submit` moves on, `cancel` ends the flow with
 * `error=access_denied`.
 */
export const WEBVIEW_IDS = {
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
  connectorSelect: "connector-select",
  field: (name: string) => `field-${name}`,
  account: (id: number) => `account-${id}`,
  connection: (id: number) => `connection-${id}`,
  deleteConnection: (id: number) => `delete-${id}`,
  addConnection: "add-connection",
  submit: "submit",
  cancel: "cancel",
  close: "close",
  /** The message of a step that failed (wrong password…), on the page that asks again. */
  error: "error",
} as const;
