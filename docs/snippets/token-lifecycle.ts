import { Budgea } from "budgea";

// Browser or app side: a temporary user (30 minutes), no secret involved.
const browser = new Budgea({ domain: "demo" });
const { token, idUser, expiresAt } = await browser.auth.init();
const user = browser.withToken(token); // same configuration, the user's token; cheap per request
const { code } = await user.auth.code(); // a 30-minute code to hand to your server (or the webview)

// Server side, with the client secret: the code becomes the user's permanent token.
const server = new Budgea({ domain: "demo", clientId: process.env.CLIENT_ID, clientSecret: process.env.CLIENT_SECRET });
const permanent = await server.auth.exchange({ code });
await saveUserToken(permanent.idUser!, permanent.token);

// Lost or revoked token? A new one from the client credentials and the user's id.
const renewed = await server.auth.renew({ idUser: permanent.idUser!, revokePrevious: true });
console.log(idUser, expiresAt, renewed.token !== permanent.token);

declare function saveUserToken(idUser: number, token: string): Promise<void>;
