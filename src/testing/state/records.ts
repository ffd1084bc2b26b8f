import type {
  AccountTypeName,
  ConnectionState,
  Field,
  Investment,
  TransactionType,
  TransferState,
  User,
} from "../models.js";

/** The sandbox's stored state. Rendering to the API's JSON happens in each resource's `render.ts`. */
export interface UserRecord {
  id: number;
  signin: number;
  platform: User["platform"];
}

export type TokenKind = "manage" | "permanent" | "temporary" | "code";
export type CodeType = "requestAccess" | "singleAccess";

export interface TokenRecord {
  value: string;
  kind: TokenKind;
  idUser: number | undefined;
  codeType?: CodeType;
  issuedAt: number;
  expiresAt?: number;
  revokedAt?: number;
  /** A code (or temporary token) already exchanged for a permanent token. */
  exchangedAt?: number;
  /** A single-access code already used. */
  consumedAt?: number;
}

export interface ConnectionRecord {
  id: number;
  idUser: number;
  connectorId: number;
  created: number;
  lastUpdate?: number;
  state: ConnectionState;
  errorMessage?: string;
  /** What the bank asks now (additionalInformationNeeded), or the webauth hint. */
  fields?: Field[];
  /** Which round of questions the bank is on (banks that ask twice). */
  round: number;
  expire?: number;
  active: boolean;
  syncs: number;
  /** Cancels the scheduled end of a decoupled/validating wait. */
  cancelPending?: () => void;
}

export interface HeadTransaction {
  id: number;
  day: number;
  value: number;
  wording: string;
  type: TransactionType;
  coming: boolean;
  scrapedAt: number;
  deletedAt?: number;
  /** Its deletion has been reported by a webhook. */
  deletionSent?: boolean;
}

/** What a later sync changed on a transaction: its label or category, and when (its new `last_update`). */
export interface TransactionEdit {
  wording: string;
  idCategory: number;
  editedAt: number;
}

export interface AccountRecord {
  id: number;
  idUser: number;
  idConnection: number;
  type: AccountTypeName;
  originalName: string;
  name: string;
  number: string;
  iban: string;
  balance: number;
  created: number;
  /** Day number of the newest generated transaction. */
  anchorDay: number;
  /** When the account was disabled (all start disabled until the user activates them); undefined when active. */
  disabled?: number;
  display: boolean;
  bookmarked: boolean;
  /** Generated history: transaction `i` (0 = newest) has id `txBase + txCount - 1 - i`. */
  txBase: number;
  txCount: number;
  /** Transactions added after creation (syncs, transfers, `addTransactions`), oldest first. */
  head: HeadTransaction[];
  /** Changes a later sync made to a transaction (history or head), by transaction id (`sb.simulateSync`). */
  edits?: Map<number, TransactionEdit>;
  investments: Investment[];
  /** Webhook bookkeeping: whether the initial window was sent, and how much of `head`. */
  webhookInitialSent: boolean;
  webhookHeadSent: number;
}

export interface RecipientRecord {
  id: number;
  idUser: number;
  idAccount: number;
  idTargetAccount?: number;
  label: string;
  iban: string;
  bankName: string;
  category: string;
  created: number;
  /** Null until the SMS is answered; then the time transfers become possible. */
  enabledAt: number | null;
  fields?: Field[];
  webid?: string;
  expire?: number;
}

export interface TransferRecord {
  id: number;
  idUser: number;
  idAccount: number;
  idRecipient: number;
  amount: number;
  label: string;
  execDay: number;
  registered: number;
  state: TransferState;
  fields?: Field[];
  webid?: string;
  idTransaction?: number;
  cancelPending?: () => void;
}

export interface WebhookRecord {
  id: number;
  url: string;
  event: string;
  idAuth?: number;
  gzip: boolean;
  created: number;
}

export interface AuthProviderRecord {
  id: number;
  name: string;
  type: string;
  secret: string;
}
