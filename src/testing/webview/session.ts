import type { Lang } from "./i18n.js";

export type WebviewFlow = "connect" | "reconnect" | "manage";
export type WebviewStep = "select" | "credentials" | "additional" | "waiting" | "webauth" | "accounts" | "manage";

/** A user's way through the webview, kept server side (the pages hold only its id). */
export interface WebviewSession {
  id: string;
  flow: WebviewFlow;
  lang: Lang;
  redirectUri?: string;
  state?: string;
  idUser: number;
  /** The flow started with a `code` (so the success callback carries none). */
  codeGiven: boolean;
  /** The banks the user may pick (`connector_ids`/`connector_uuids`, or all). */
  connectorIds: number[];
  bankId?: number;
  connectionId?: number;
  step: WebviewStep;
  /** Adding a connection from `manage`: its end goes back to the list instead of the redirect URI. */
  fromManage: boolean;
  error?: string;
}
