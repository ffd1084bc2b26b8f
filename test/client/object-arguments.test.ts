/**
 * Every public method's object arguments (options, field values, events), as a JavaScript caller can get them
 * wrong: missing, `null`, a number. Each slip is an InvalidOptionsError naming the argument, thrown before any
 * request — never a platform TypeError from destructuring, and never a request sent with a null body.
 * The table must list every method of every workflow: a new method fails the first test until it is added.
 */
import { Budgea, BudgeaError, InvalidOptionsError, MemorySyncStore, signWebhook } from "../../src/index.js";

/** An object argument nothing in which is required (`undefined`/`null` mean none). */
const OPTIONAL = Symbol("optional object");
/** An object argument the method cannot do without. */
const REQUIRED = Symbol("required object");
type Arg = unknown;

const store = new MemorySyncStore();
const sent: string[] = [];
const budgea = new Budgea({
  baseUrl: "http://127.0.0.1:9/2.0",
  token: "user-token",
  clientId: "app",
  clientSecret: "app-secret",
  maxRetries: 0,
  fetch: async (input) => {
    sent.push(String(input instanceof Request ? input.url : input));
    return new Response(JSON.stringify({ code: "internalError" }), { status: 500 });
  },
});

/** Each workflow method with arguments that would be valid, an object argument marked where it goes. */
const METHODS: Record<string, Record<string, { args: Arg[]; name: string[] }>> = {
  auth: {
    init: { args: [OPTIONAL], name: ["auth.init(options)"] },
    code: { args: [OPTIONAL], name: ["auth.code(options)"] },
    exchange: { args: [REQUIRED], name: ["auth.exchange(options)"] },
    renew: { args: [REQUIRED], name: ["auth.renew(options)"] },
    revoke: { args: [OPTIONAL], name: ["auth.revoke(options)"] },
  },
  connections: {
    create: { args: [REQUIRED], name: ["connections.create(options)"] },
    resume: { args: [7, OPTIONAL, OPTIONAL], name: ["connections.resume(values)", "connections.resume(options)"] },
    update: { args: [7, REQUIRED, OPTIONAL], name: ["connections.update(fields)", "connections.resume(options)"] },
    sync: { args: [7, OPTIONAL], name: ["connections.sync(options)"] },
    get: { args: [7, OPTIONAL], name: ["connections.get(options)"] },
    list: { args: [OPTIONAL], name: ["connections.list(options)"] },
    delete: { args: [7, OPTIONAL], name: ["connections.delete(options)"] },
    wait: { args: [7, OPTIONAL], name: ["connections.wait(options)"] },
    connect: { args: [REQUIRED], name: ["connections.connect(options)"] },
  },
  transfers: {
    create: { args: [REQUIRED], name: ["transfers.create(options)"] },
    validate: { args: [3, OPTIONAL, OPTIONAL], name: ["transfers.validate(values)", "transfers.validate(options)"] },
    get: { args: [3, OPTIONAL], name: ["transfers.get(options)"] },
    find: { args: [REQUIRED], name: ["transfers.find(options)"] },
    waitFor: { args: [3, OPTIONAL], name: ["transfers.waitFor(options)"] },
  },
  recipients: {
    create: { args: [REQUIRED], name: ["recipients.create(options)"] },
    answer: { args: [1, 2, OPTIONAL, OPTIONAL], name: ["recipients.answer(values)", "recipients.answer(options)"] },
    get: { args: [1, 2, OPTIONAL], name: ["recipients.get(options)"] },
    list: { args: [REQUIRED], name: ["recipients.list(options)"] },
  },
  webview: {
    url: { args: ["connect", REQUIRED], name: ["params"] },
    parseCallback: {
      args: ["https://app.example/cb?connection_id=1", OPTIONAL],
      name: ["parseWebviewCallback(input, options)"],
    },
  },
  webhooks: {
    verify: { args: [REQUIRED, REQUIRED], name: ["input", "options"] },
    verifyRequest: { args: [new Request("https://app.example/hook"), REQUIRED], name: ["options"] },
    sign: { args: [REQUIRED], name: ["signWebhook(input)"] },
  },
  sync: {
    changes: { args: [OPTIONAL], name: ["sync.changes(options)"] },
    run: { args: [REQUIRED], name: ["sync.run(options)"] },
    applyWebhook: { args: [REQUIRED, REQUIRED], name: ["event", "sync.applyWebhook(options)"] },
  },
};

function workflow(group: string): Record<string, (...args: unknown[]) => unknown> {
  return (budgea as unknown as Record<string, Record<string, (...args: unknown[]) => unknown>>)[group]!;
}

/** The method's outcome: its rejection (or synchronous throw), or `undefined` once it settled otherwise. */
async function outcome(group: string, method: string, args: unknown[]): Promise<unknown> {
  try {
    const result = workflow(group)[method]!(...args) as { then?: unknown; [Symbol.asyncIterator]?: unknown };
    if (result && typeof result === "object" && Symbol.asyncIterator in result && !("then" in result)) {
      await (result as AsyncIterable<unknown>)[Symbol.asyncIterator]().next(); // an iterator fails on first use
    } else await result;
    return undefined;
  } catch (error) {
    return error;
  }
}

/** `args` with every marker but the one at `at` replaced by an empty object, and `value` at `at`. */
function withValue(args: Arg[], at: number, value: unknown): unknown[] {
  return args.map((arg, i) => (i === at ? value : arg === OPTIONAL || arg === REQUIRED ? {} : arg));
}

const markers = (args: Arg[]) => args.flatMap((arg, i) => (arg === OPTIONAL || arg === REQUIRED ? [i] : []));

beforeEach(() => {
  sent.length = 0;
});

test("the table lists every method of every workflow", () => {
  for (const [group, methods] of Object.entries(METHODS)) {
    const object = workflow(group);
    const own = Object.getOwnPropertyNames(Object.getPrototypeOf(object)).filter(
      (name) => name !== "constructor" && typeof object[name] === "function",
    );
    expect(Object.keys(methods).sort()).toEqual(own.sort());
  }
});

const cases = Object.entries(METHODS).flatMap(([group, methods]) =>
  Object.entries(methods).flatMap(([method, { args, name }]) =>
    markers(args).map((at, n) => ({ group, method, args, at, name: name[n]!, required: args[at] === REQUIRED })),
  ),
);

describe.each(cases)("$group $method, argument $at ($name)", ({ group, method, args, at, name, required }) => {
  test("a number is an InvalidOptionsError naming the argument, nothing sent", async () => {
    const error = await outcome(group, method, withValue(args, at, 42));
    expect(error).toBeInstanceOf(BudgeaError);
    if (error instanceof InvalidOptionsError && name.includes("(")) expect(error.option).toBe(name);
    expect(sent).toEqual([]);
  });

  test(required ? "missing or null: InvalidOptionsError, nothing sent" : "missing or null: taken as none", async () => {
    for (const value of [undefined, null]) {
      sent.length = 0;
      const error = await outcome(group, method, withValue(args, at, value));
      if (required) {
        expect(error).toBeInstanceOf(BudgeaError);
        expect(sent).toEqual([]);
      } else if (error !== undefined) {
        expect(error).toBeInstanceOf(BudgeaError); // the canned 500, or a later check: never a TypeError
      }
    }
  });
});

test("the messages name the argument and what it must be", async () => {
  await expect(budgea.transfers.create(undefined as never)).rejects.toThrow(
    "budgea: option `transfers.create(options)` is required (an object)",
  );
  await expect(budgea.connections.resume(7, 42 as never)).rejects.toThrow(
    "budgea: option `connections.resume(values)` must be an object (got number)",
  );
  await expect(budgea.api.GET("/banks", 42 as never)).rejects.toThrow(
    "budgea: option `api.GET(path, init)` must be an object (got number)",
  );
  expect(() => budgea.paginate("/banks", {}, null as never)).not.toThrow();
  expect(() => budgea.paginate("/banks", 42 as never)).toThrow(InvalidOptionsError);
  expect(sent).toEqual([]);
});

test("an array is not an options object either (connections.resume(id, []) sent a body the API refuses)", async () => {
  await expect(budgea.connections.resume(7, [] as never)).rejects.toThrow(
    "option `connections.resume(values)` must be an object (got an array)",
  );
  expect(sent).toEqual([]);
});

test("a Date in a query is refused, named, instead of being sent as nothing (paginate's min_date from JavaScript)", async () => {
  const query = { min_date: new Date("2026-06-01") };
  const error = await budgea
    .paginate("/users/{id_user}/transactions", { params: { path: { id_user: "me" }, query } } as never)
    .toArray()
    .catch((e: unknown) => e);
  expect(error).toMatchObject({ name: "InvalidOptionsError", option: "params.query.min_date" });
  expect(String(error)).toContain("formatBudgeaDate(date)");
  await expect(budgea.api.GET("/banks", { params: { query: { expand: new Map() } } } as never)).rejects.toThrow(
    "option `params.query.expand` is an object a query cannot carry",
  );
  expect(sent).toEqual([]);
});

test("a renewal names a missing user id instead of asking the API for a token for nobody", async () => {
  await expect(budgea.auth.renew({} as never)).rejects.toThrow("budgea: option `idUser` must be the user's id");
  await expect(budgea.auth.renew({ idUser: 0 })).rejects.toThrow(InvalidOptionsError);
  expect(sent).toEqual([]);
});

test("signWebhook checks its parts instead of signing `undefined`", async () => {
  const input = { path: "/hook", body: "{}", secret: "hmac-secret" };
  await expect(signWebhook({ ...input, path: undefined as never })).rejects.toThrow("option `path`");
  await expect(signWebhook({ ...input, body: 42 as never })).rejects.toThrow("option `body`");
  await expect(signWebhook({ ...input, date: new Date(Number.NaN) })).rejects.toThrow("option `date`");
  await expect(signWebhook({ ...input, date: 5 as never })).rejects.toThrow("option `date`");
  await expect(signWebhook(input)).resolves.toHaveProperty("BI-Signature");
});

test("sync.applyWebhook refuses an event that is not an object, naming it", async () => {
  for (const event of [undefined, null, 42, "CONNECTION_SYNCED"]) {
    await expect(budgea.sync.applyWebhook(event as never, { store })).rejects.toThrow("option `event`");
  }
});
