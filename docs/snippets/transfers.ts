import { Budgea, TransferOutcomeUnknownError } from "budgea";

const user = new Budgea({ domain: "demo" }).withToken(process.env.BUDGEA_USER_TOKEN!);

// A recipient: the bank asks an SMS code.
const added = await user.recipients.create({ accountId, iban: "FR76 3000 4000 0312 3456 7890 143", label: "Rent" });
if (added.status === "fieldsNeeded") await user.recipients.answer(accountId, added.recipient.id, { sms: "123456" }, { fields: added.fields });

// A transfer: created, then validated with what the bank asks (its password), then pending → done.
try {
  const transfer = await user.transfers.create({ accountId, recipientId: added.recipient.id, amount: 950, label: "Rent May" });
  let step = await user.transfers.validate(transfer.id);
  if (step.status === "fieldsNeeded") step = await user.transfers.validate(transfer.id, { password: "123456" }, { fields: step.fields });
  const done = await user.transfers.waitFor(transfer.id, { states: ["done"] }); // a canceled or failed one: TransferFailedError
  console.log(`transfer #${done.id}: ${done.state}`);
} catch (error) {
  // Never retried automatically. A timeout or reset after sending does not say whether money moved:
  if (error instanceof TransferOutcomeUnknownError) {
    // The API may still be working on it: let it finish, then ask what it has (the same shape for every call).
    await new Promise((resolve) => setTimeout(resolve, 30_000));
    const { action, acted, found } = await error.lookup();
    // went through: carry on from found[0] (validate the transfer it created…); did not: sending it again is safe
    console.log(acted ? `${action} went through (#${found[0]?.id}): do not send it again` : `${action} did not: you may send it again`);
  } else throw error;
}

declare const accountId: number; // an account the bank allows transfers from
