export type Lang = "en" | "fr";

type StringKey =
  | "select"
  | "bank"
  | "credentials"
  | "additional"
  | "waiting"
  | "waitingHint"
  | "webauth"
  | "accounts"
  | "manage"
  | "done"
  | "error"
  | "next"
  | "check"
  | "approve"
  | "share"
  | "cancel"
  | "close"
  | "add"
  | "remove";

const STRINGS: Record<Lang, Record<StringKey, string>> = {
  en: {
    select: "Choose your bank",
    bank: "Bank",
    credentials: "Sign in to",
    additional: "Confirm it's you",
    waiting: "Validate in your bank's app",
    waitingHint: "This page refreshes by itself.",
    webauth: "Authorize access on your bank's website",
    accounts: "Choose the accounts to share",
    manage: "Your connections",
    done: "All done, you can close this window.",
    error: "This request cannot be processed",
    next: "Continue",
    check: "I have validated",
    approve: "Authorize",
    share: "Share",
    cancel: "Cancel",
    close: "Close",
    add: "Add a connection",
    remove: "Remove",
  },
  fr: {
    select: "Choisissez votre banque",
    bank: "Banque",
    credentials: "Connexion à",
    additional: "Confirmez votre identité",
    waiting: "Validez dans l'application de votre banque",
    waitingHint: "Cette page se met à jour toute seule.",
    webauth: "Autorisez l'accès sur le site de votre banque",
    accounts: "Choisissez les comptes à partager",
    manage: "Vos connexions",
    done: "C'est terminé, vous pouvez fermer cette fenêtre.",
    error: "Cette demande ne peut pas être traitée",
    next: "Continuer",
    check: "J'ai validé",
    approve: "Autoriser",
    share: "Partager",
    cancel: "Annuler",
    close: "Fermer",
    add: "Ajouter une connexion",
    remove: "Supprimer",
  },
};

export type Strings = Record<StringKey, string>;

export function strings(lang: Lang): Strings {
  return STRINGS[lang];
}

export function langOf(text: string | undefined): Lang | undefined {
  return text === "en" || text === "fr" ? text : undefined;
}

/** Without a language in the URL, the webview follows the browser's (docs, "Base URL"). */
export function preferredLang(acceptLanguage: string | undefined): Lang {
  return /^\s*fr/i.test(acceptLanguage ?? "") ? "fr" : "en";
}
