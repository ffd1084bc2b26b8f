import { Budgea, Sync, type SyncStore } from "budgea";

// The manage token (your domain's admin token: server side only) reads every user's lists at /users/all/….
const admin = new Budgea({ domain: "demo", token: process.env.BUDGEA_MANAGE_TOKEN });
const domain = new Sync(admin, { idUser: "all" });
const store = sharedStore(); // files each change under changeOwner(key, change): its idUser

// One run for the whole domain and one cursor (under "domain"): two requests when nothing changed, whatever
// the number of users. Each change carries its idUser; the copies end up under each user's id.
const result = await domain.run({ store, key: "domain" });
console.log(`domain: ${result.upserts} upserted, ${result.deletes} deleted, ${result.deferred} left for the next run`);
for (const { idUser, id, state } of result.needsUser) await askUserToReconnect(idUser!, id, state);

declare function sharedStore(): SyncStore;
declare function askUserToReconnect(idUser: number, connectionId: number, state: string): Promise<void>;
