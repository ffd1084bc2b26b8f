import { call, useSandbox } from "./helpers.js";

const sandbox = useSandbox({ transferDelayMs: 10_000 });
const IBAN = "FR7613048379405300290000355";

async function setup() {
  const sb = sandbox();
  const user = sb.createUser();
  const checking = user.accountIds[0]!;
  const token = user.token;
  const recipients = await call(sb, "GET", `/users/me/accounts/${checking}/recipients`, { token });
  return { sb, token, checking, user, internal: recipients.body.recipients[0] };
}

describe("recipients", () => {
  test("a checking account starts with the connection's other accounts as enabled recipients", async () => {
    const { sb, token, checking, internal } = await setup();
    expect(internal).toMatchObject({ id_account: checking, category: "Interne", label: "Livret A" });
    expect(internal.enabled_at).toEqual(expect.any(String));
    expect((await call(sb, "GET", "/users/me/recipients", { token })).body.total).toBe(1);
    const transferable = await call(sb, "GET", "/users/me/accounts?able_to_transfer=1", { token });
    expect(transferable.body.accounts.map((a: any) => a.id)).toEqual([checking]);
  });

  test("adding a recipient asks an SMS; answering it sets enabled_at", async () => {
    const { sb, token, checking } = await setup();
    const added = await call(sb, "POST", `/users/me/accounts/${checking}/recipients`, {
      token,
      multipart: { iban: IBAN, label: "Papa", category: "Famille" },
    });
    expect(added.status).toBe(200);
    expect(added.body).toMatchObject({ label: "Papa", iban: IBAN, category: "Famille", enabled_at: null });
    expect(added.body.fields).toEqual([
      expect.objectContaining({ name: "sms", type: "password", regex: "^[0-9]{6}$" }),
    ]);
    const path = `/users/me/accounts/${checking}/recipients/${added.body.id}`;
    expect((await call(sb, "POST", path, { token, json: { sms: "000000" } })).body.code).toBe("wrongpass");
    expect((await call(sb, "POST", path, { token, json: { sms: "12" } })).body.code).toBe("invalidValue");
    const confirmed = await call(sb, "POST", path, { token, form: { sms: "123456" } });
    expect(confirmed.body.enabled_at).toEqual(expect.any(String));
    expect(confirmed.body.fields).toBeUndefined();
  });

  test("bad recipients: invalid IBAN, missing label, an account that cannot transfer", async () => {
    const { sb, token, checking, user } = await setup();
    const bad = await call(sb, "POST", `/users/me/accounts/${checking}/recipients`, {
      token,
      json: { iban: "FR7613048379405300290000356", label: "x" },
    });
    expect([bad.status, bad.body.code, bad.body.message]).toEqual([
      400,
      "invalidValue",
      "Invalid value for iban: not a valid IBAN",
    ]);
    expect(
      (await call(sb, "POST", `/users/me/accounts/${checking}/recipients`, { token, json: { iban: IBAN } })).body.code,
    ).toBe("missingParameter");
    const savings = user.accountIds[1];
    expect(
      (await call(sb, "POST", `/users/me/accounts/${savings}/recipients`, { token, json: { iban: IBAN, label: "x" } }))
        .status,
    ).toBe(400);
  });
});

describe("transfers", () => {
  test("created → validated (password asked) → pending → done after transferDelayMs, with its transaction", async () => {
    const { sb, token, checking, internal } = await setup();
    const created = await call(sb, "POST", `/users/me/accounts/${checking}/recipients/${internal.id}/transfers`, {
      token,
      json: { amount: 10.5, label: "Test virement" },
    });
    expect(created.body).toMatchObject({
      state: "created",
      amount: 10.5,
      label: "Test virement",
      id_recipient: internal.id,
    });
    const path = `/users/me/transfers/${created.body.id}`;
    const asked = await call(sb, "POST", path, { token, form: { validated: "true" } });
    expect([asked.body.state, asked.body.fields[0].name, asked.body.fields[0].type]).toEqual([
      "created",
      "password",
      "password",
    ]);
    const wrong = await call(sb, "POST", path, { token, form: { validated: "true", password: "000000" } });
    expect([wrong.status, wrong.body.code]).toEqual([400, "wrongpass"]);
    const pending = await call(sb, "POST", path, { token, form: { validated: "true", password: "123456" } });
    expect(pending.body).toMatchObject({ state: "pending", webid: expect.any(String) });
    sb.clock.advance(10_000);
    const done = await call(sb, "GET", path, { token });
    expect(done.body.state).toBe("done");
    const head = await call(sb, "GET", `/users/me/accounts/${checking}/transactions?limit=1`, { token });
    expect(head.body.transactions[0]).toMatchObject({
      id: done.body.id_transaction,
      value: -10.5,
      original_wording: "VIR SEPA TEST VIREMENT",
    });
  });

  test("a sync finds pending transfers done; transfers are listed newest first for reconciliation", async () => {
    const { sb, token, checking, internal, user } = await setup();
    const ids: number[] = [];
    for (const amount of [1, 2]) {
      const { body } = await call(sb, "POST", "/users/me/transfers", {
        token,
        json: { id_account: checking, id_recipient: internal.id, amount, label: `t${amount}` },
      });
      ids.push(body.id);
    }
    await call(sb, "POST", `/users/me/transfers/${ids[0]}`, { token, json: { validated: true, password: "123456" } });
    await call(sb, "PUT", `/users/me/connections/${user.connectionId}`, { token });
    const list = await call(sb, "GET", "/users/me/transfers", { token });
    expect(list.body.transfers.map((t: any) => [t.id, t.state])).toEqual([
      [ids[1], "created"],
      [ids[0], "done"],
    ]);
    expect((await call(sb, "GET", `/users/me/accounts/${checking}/transfers`, { token })).body.total).toBe(2);
    const canceled = await call(sb, "DELETE", `/users/me/transfers/${ids[1]}`, { token });
    expect(canceled.body.state).toBe("canceled");
    expect((await call(sb, "DELETE", `/users/me/transfers/${ids[0]}`, { token })).status).toBe(400);
    expect((await call(sb, "GET", "/users/me/transfers/999", { token })).status).toBe(404);
  });

  test.each([
    [{ amount: 0 }, "amount"],
    [{ amount: -5 }, "amount"],
    [{ amount: "10.123" }, "amount"],
    [{ amount: 1.005 }, "amount"],
    [{ amount: "ten" }, "amount"],
    [{ amount: 5, exec_date: "2001-01-01" }, "exec_date"],
  ])("invalid transfer %j → 400 invalidValue naming %s", async (body, field) => {
    const { sb, token, checking, internal } = await setup();
    const answer = await call(sb, "POST", `/users/me/accounts/${checking}/recipients/${internal.id}/transfers`, {
      token,
      json: body,
    });
    expect([answer.status, answer.body.code]).toEqual([400, "invalidValue"]);
    expect(answer.body.message).toContain(field);
  });

  test("missing amount, unknown recipient, recipient not enabled yet", async () => {
    const { sb, token, checking, internal } = await setup();
    const base = `/users/me/accounts/${checking}/recipients`;
    expect((await call(sb, "POST", `${base}/${internal.id}/transfers`, { token, json: {} })).body.code).toBe(
      "missingParameter",
    );
    expect((await call(sb, "POST", `${base}/999/transfers`, { token, json: { amount: 1 } })).status).toBe(404);
    const unknown = await call(sb, "POST", "/users/me/transfers", {
      token,
      json: { id_account: checking, id_recipient: 999, amount: 1 },
    });
    expect([unknown.status, unknown.body.code]).toEqual([400, "invalidValue"]);
    const added = await call(sb, "POST", base, { token, json: { iban: IBAN, label: "New" } });
    const early = await call(sb, "POST", `${base}/${added.body.id}/transfers`, { token, json: { amount: 1 } });
    expect([early.status, early.body.message]).toEqual([
      400,
      "Invalid value for id_recipient: this recipient is not enabled yet",
    ]);
  });
});

describe("recipients enabled in the future", () => {
  const delayed = useSandbox({ recipientActivationDelayMs: 86_400_000 });

  test("enabled_at in the future: transfers wait until then", async () => {
    const sb = delayed();
    const { token, accountIds } = sb.createUser();
    const base = `/users/me/accounts/${accountIds[0]}/recipients`;
    const added = await call(sb, "POST", base, { token, json: { iban: IBAN, label: "Later" } });
    const confirmed = await call(sb, "POST", `${base}/${added.body.id}`, { token, json: { sms: "123456" } });
    expect(new Date(confirmed.body.enabled_at.replace(" ", "T")).getTime()).toBeGreaterThan(Date.now());
    expect((await call(sb, "POST", `${base}/${added.body.id}/transfers`, { token, json: { amount: 1 } })).status).toBe(
      400,
    );
    sb.clock.advance(86_400_000);
    expect((await call(sb, "POST", `${base}/${added.body.id}/transfers`, { token, json: { amount: 1 } })).status).toBe(
      200,
    );
  });
});
