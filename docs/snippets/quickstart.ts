import { Budgea } from "budgea";

const budgea = new Budgea({ domain: "demo", token: process.env.BUDGEA_TOKEN });

// Every endpoint typed from the spec: path, parameters, body and response.
const { data } = await budgea.api.GET("/banks", { params: { query: { expand: "fields" } } });
for (const bank of data.banks) console.log(bank.id, bank.name, bank.fields?.map((f) => f.name));
