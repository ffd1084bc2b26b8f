import { type Rng, randomDigits } from "../core/random.js";

/** A valid French IBAN (check digits computed), e.g. `FR7630004012550000041157244`. */
export function frenchIban(rng: Rng): string {
  const bban = randomDigits(rng, 23);
  return `FR${checkDigits("FR", bban)}${bban}`;
}

export function isValidIban(text: string): boolean {
  const iban = normalizeIban(text);
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  return mod97(numeric(iban.slice(4) + iban.slice(0, 4))) === 1;
}

export function normalizeIban(text: string): string {
  return text.replace(/\s+/g, "").toUpperCase();
}

function checkDigits(country: string, bban: string): string {
  return String(98 - mod97(numeric(`${bban}${country}00`))).padStart(2, "0");
}

function numeric(text: string): string {
  return [...text].map((ch) => (/[A-Z]/.test(ch) ? String(ch.charCodeAt(0) - 55) : ch)).join("");
}

function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(`${rest}${digits.slice(i, i + 7)}`) % 97;
  return rest;
}
