/**
 * Requests the validator must refuse: one spoiled value per channel (path, query, JSON body, multipart body,
 * credentials). They show the contract can fail — that "accepted" means validated, not ignored.
 */
import type { FetcherArgs } from "./build-request.ts";
import type { Call } from "./run-contract.ts";

export interface NegativeControl extends Call {
  label: string;
  /** Where the validator must locate a violation (`request.path.id_account`), or the status it must answer. */
  expect: { violationAt: string } | { status: number };
}

const with_ = (args: FetcherArgs, change: (copy: FetcherArgs) => void): FetcherArgs => {
  const copy: FetcherArgs = {
    params: { path: { ...args.params.path }, query: { ...args.params.query } },
    body: args.body && { ...args.body },
  };
  change(copy);
  return copy;
};

export const NEGATIVE_CONTROLS: NegativeControl[] = [
  {
    operationId: "getUserAccount",
    fill: "required",
    label: "id_account is not an integer",
    spoil: (a) => with_(a, (c) => (c.params.path!.id_account = "abc")),
    expect: { violationAt: "request.path.id_account" },
  },
  {
    operationId: "listUserAccounts",
    fill: "required",
    label: "id_user is neither an id nor me/all",
    spoil: (a) => with_(a, (c) => (c.params.path!.id_user = "nobody")),
    expect: { violationAt: "request.path.id_user" },
  },
  {
    operationId: "listUserAccountTransactions",
    fill: "required",
    label: "min_date is not a date",
    spoil: (a) => with_(a, (c) => (c.params.query!.min_date = "31/01/2020")),
    expect: { violationAt: "request.query.min_date" },
  },
  {
    operationId: "listUserAccounts",
    fill: "required",
    label: "limit is below its minimum",
    spoil: (a) => with_(a, (c) => (c.params.query!.limit = 0)),
    expect: { violationAt: "request.query.limit" },
  },
  {
    operationId: "postAuthRenew",
    fill: "required",
    label: "JSON body without the required client_id",
    spoil: (a) => with_(a, (c) => delete c.body!.client_id),
    expect: { violationAt: "request.body" },
  },
  {
    operationId: "postAuthRenew",
    fill: "all",
    label: "JSON body with grant_type outside its enum",
    spoil: (a) => with_(a, (c) => (c.body!.grant_type = "password")),
    expect: { violationAt: "request.body" },
  },
  {
    operationId: "createUserAccountTransaction",
    fill: "required",
    label: "JSON body with a money value as text",
    spoil: (a) => with_(a, (c) => (c.body!.value = "12,50")),
    expect: { violationAt: "request.body" },
  },
  {
    operationId: "createUserDocument",
    fill: "all",
    label: "multipart body without the required date",
    spoil: (a) => with_(a, (c) => delete c.body!.date),
    expect: { violationAt: "request.body" },
  },
  {
    operationId: "listUserAccounts",
    fill: "required",
    label: "no bearer token",
    spoil: (a) => ({ ...a, token: null }),
    expect: { status: 401 },
  },
];
