import { call, useSandbox } from "./helpers.js";

const sandbox = useSandbox();

describe("banks and connectors", () => {
  test("GET /banks lists the seeded banks without fields; expand=fields adds them", async () => {
    const sb = sandbox();
    const plain = await call(sb, "GET", "/banks");
    expect(plain.status).toBe(200);
    expect(plain.body.total).toBe(sb.banks.length);
    expect(plain.body.banks.map((b: any) => b.id)).toEqual(sb.banks.map((b) => b.id));
    expect(plain.body.banks[0].fields).toBeUndefined();
    const expanded = await call(sb, "GET", "/banks?expand=fields");
    const fields = expanded.body.banks.find((b: any) => b.id === 59).fields;
    expect(fields.map((f: any) => [f.name, f.type])).toEqual([
      ["login", "text"],
      ["password", "password"],
      ["website", "list"],
    ]);
    expect(fields[0].regex).toBe("^[0-9]{8}$");
    expect(fields[2].values).toEqual([
      { value: "par", label: "Particuliers" },
      { value: "pro", label: "Professionnels" },
    ]);
  });

  test("/connectors is the same list; offset and limit page it", async () => {
    const sb = sandbox();
    const page = await call(sb, "GET", "/connectors?offset=2&limit=3");
    expect(page.body.connectors.map((c: any) => c.id)).toEqual([61, 62, 63]);
    expect(page.body.total).toBe(sb.banks.length);
  });

  test("one bank by id: /banks/{id} (docs) and /connectors/{id}", async () => {
    const sb = sandbox();
    const bank = await call(sb, "GET", "/banks/60?expand=fields");
    expect(bank.body).toMatchObject({ id: 60, name: "OTP Bank", uuid: sb.banks[1]!.uuid });
    expect(bank.body.fields).toHaveLength(2);
    expect((await call(sb, "GET", "/connectors/65")).body.auth_mechanism).toBe("webauth");
    const missing = await call(sb, "GET", "/banks/9999");
    expect([missing.status, missing.body.code]).toEqual([404, "notFound"]);
  });
});
