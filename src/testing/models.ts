/**
 * What the sandbox needs of the spec's models, in one place: the sandbox writes its answers with these types.
 *
 * Each model is the spec's, plus the fields listed below where the spec does not declare them. A spec update
 * that drops a field the sandbox writes (`Transaction.wording`, say) therefore leaves the sandbox — and
 * `npm run build` — compiling: the sandbox keeps serving the field, as an API answering more than its spec
 * does. A field the spec still declares keeps the spec's type, so the sandbox cannot drift from it; where
 * the spec gives a listed field a type the sandbox's value does not fit, the build fails here, naming the
 * model and the field (`Type '"wording"' does not satisfy the constraint 'never'`): change the listed type
 * and what the sandbox writes for it.
 *
 * When the sandbox writes a new field, list it here. The sandbox's public signatures (sandbox.ts, hooks.ts)
 * keep the spec's own models: each model here is assignable to the spec's.
 */
import type * as spec from "../../generated/models.js";

/** The spec's model, plus the sandbox's own declaration of each listed field the spec lacks. */
type Model<Spec, Own> = Spec & Omit<Own, keyof Spec>;

/** The listed fields whose sandbox type does not fit the spec's (never when all fit). */
type Misfits<Spec, Own> = {
  [K in keyof Own & keyof Spec]-?: NonNullable<Own[K]> extends NonNullable<Spec[K]> ? never : K;
}[keyof Own & keyof Spec];

/** Compiles only when `Names` is never: the error names the misfit fields. */
type Fits<Names extends never> = Names;

type Day = string;
/** A naive Paris date-time, `YYYY-MM-DD HH:MM:SS`. */
type DateTime = string;

interface TransactionNeeds {
  id: number;
  id_account: number;
  webid: string;
  application_date: Day;
  date: Day;
  rdate: Day;
  vdate: Day;
  value: number;
  gross_value: number;
  nature: string;
  type: spec.TransactionType;
  original_wording: string;
  simplified_wording: string;
  stemmed_wording: string;
  wording: string;
  id_category: number;
  state: string;
  date_scraped: DateTime;
  last_update: DateTime;
  deleted?: DateTime | null; // written only once the bank removed it
  coming: boolean;
  active: boolean;
}

interface CurrencyNeeds {
  id: string;
  symbol: string;
  prefix: boolean;
  crypto: boolean;
  precision: number;
}

interface AccountNeeds {
  id: number;
  id_connection: number;
  id_user: number;
  number: string;
  webid: string;
  original_name: string;
  name: string;
  balance: number;
  coming: number;
  display: boolean;
  bookmarked: boolean;
  last_update: DateTime | null;
  deleted: DateTime | null;
  disabled: DateTime | null;
  iban: string;
  currency: Currency;
  id_type: number;
  type: spec.AccountTypeName;
  usage: string;
  error: string | null;
  transactions: Transaction[];
  investments: Investment[];
}

interface FieldNeeds {
  name: string;
  label: string;
  type: spec.Field["type"];
  regex: string | null;
  required: boolean;
  ephemeral: boolean;
  values: { value: string; label: string }[];
  id: number;
  id_connector: number;
}

interface ConnectionNeeds {
  id: number;
  id_user: number;
  id_connector: number;
  id_bank: number;
  connector_uuid: string;
  state: spec.ConnectionState;
  error: spec.ConnectionState;
  error_message: string | null;
  created: DateTime;
  last_update: DateTime | null;
  active: boolean;
  expire: DateTime | null;
  next_try: DateTime | null;
  fields: Field[];
  accounts: Account[];
  connector: Connector;
}

interface ConnectorNeeds {
  id: number;
  uuid: string;
  name: string;
  slug: string;
  code: string;
  hidden: boolean;
  charged: boolean;
  beta: boolean;
  restricted: boolean;
  color: string;
  sync_frequency: number;
  months_to_fetch: number;
  auth_mechanism: string;
  fields: Field[];
}

interface InvestmentNeeds {
  id: number;
  id_account: number;
  label: string;
  code: string;
  code_type: string;
  quantity: number;
  unitprice: number;
  unitvalue: number;
  valuation: number;
  diff: number;
  diff_percent: number;
  portfolio_share: number;
  vdate: Day;
  last_update: DateTime;
}

interface RecipientNeeds {
  id: number;
  id_account: number;
  id_target_account: number | null;
  label: string;
  bank_name: string;
  iban: string;
  webid: string | null;
  category: string;
  last_update: DateTime;
  time_scraped: DateTime | null;
  deleted: DateTime | null;
  expire: DateTime | null;
  enabled_at: DateTime | null;
  add_verified: boolean;
  currency: Currency;
  fields: Field[];
}

interface TransferNeeds {
  id: number;
  id_account: number;
  id_user: number;
  id_recipient: number;
  account_iban: string;
  recipient_iban: string;
  exec_date: Day;
  register_date: DateTime;
  amount: number;
  fees: number;
  state: spec.TransferState;
  label: string;
  beneficiary_type: string;
  currency: Currency;
  webid: string;
  id_transaction: number;
  fields: Field[];
}

interface UserNeeds {
  id: number;
  signin: DateTime;
  /** The platforms the sandbox creates users with. */
  platform: "sharedAccess" | "web";
}

interface WebhookNeeds {
  id: number;
  url: string;
  created: DateTime;
  updated: DateTime;
  id_auth: number;
}

interface AuthProviderNeeds {
  id: number;
  name: string;
  type: string;
}

interface ErrorNeeds {
  code: string;
  message: string;
}

/** The 2020 end-of-sync push (`connections`); today's body (`connection`, `user`) is the spec's own. */
interface ConnectionSyncedPushNeeds {
  connections: Connection[];
  total: number;
  user: User;
  id_webhook_data: number;
}

interface ConnectionSyncedCurrentNeeds {
  connection: Connection;
  user: User;
  id_webhook_data: number;
}

export type Transaction = Model<spec.Transaction, TransactionNeeds>;
export type Currency = Model<spec.Currency, CurrencyNeeds>;
export type Account = Model<spec.Account, AccountNeeds>;
export type Field = Model<spec.Field, FieldNeeds>;
export type Connection = Model<spec.Connection, ConnectionNeeds>;
export type Connector = Model<spec.Connector, ConnectorNeeds>;
export type Investment = Model<spec.Investment, InvestmentNeeds>;
export type Recipient = Model<spec.Recipient, RecipientNeeds>;
export type Transfer = Model<spec.Transfer, TransferNeeds>;
export type User = Model<spec.User, UserNeeds>;
export type Webhook = Model<spec.Webhook, WebhookNeeds>;
export type AuthProvider = Model<spec.AuthProvider, AuthProviderNeeds>;
export type Error = Model<spec.Error, ErrorNeeds>;
export type ConnectionSyncedPush = Model<spec.ConnectionSyncedPush, ConnectionSyncedPushNeeds>;
export type ConnectionSyncedCurrent = Model<spec.ConnectionSyncedCurrent, ConnectionSyncedCurrentNeeds>;
export type ConnectionSyncedEvent = ConnectionSyncedCurrent | ConnectionSyncedPush;
export type {
  AccountTypeName,
  ConnectionState,
  TransactionType,
  TransferState,
} from "../../generated/models.js";

/** @internal Fails to compile when the spec gives a listed field a type the sandbox's value does not fit. */
export type SpecFitsTheSandbox = [
  Fits<Misfits<spec.Transaction, TransactionNeeds>>,
  Fits<Misfits<spec.Currency, CurrencyNeeds>>,
  Fits<Misfits<spec.Account, AccountNeeds>>,
  Fits<Misfits<spec.Field, FieldNeeds>>,
  Fits<Misfits<spec.Connection, ConnectionNeeds>>,
  Fits<Misfits<spec.Connector, ConnectorNeeds>>,
  Fits<Misfits<spec.Investment, InvestmentNeeds>>,
  Fits<Misfits<spec.Recipient, RecipientNeeds>>,
  Fits<Misfits<spec.Transfer, TransferNeeds>>,
  Fits<Misfits<spec.User, UserNeeds>>,
  Fits<Misfits<spec.Webhook, WebhookNeeds>>,
  Fits<Misfits<spec.AuthProvider, AuthProviderNeeds>>,
  Fits<Misfits<spec.Error, ErrorNeeds>>,
  Fits<Misfits<spec.ConnectionSyncedPush, ConnectionSyncedPushNeeds>>,
  Fits<Misfits<spec.ConnectionSyncedCurrent, ConnectionSyncedCurrentNeeds>>,
];
