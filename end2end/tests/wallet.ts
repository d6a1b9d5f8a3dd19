// The devserver's fixture wallet and the steps of the wallet sign-in, shared by the specs that
// sign in with it (sign-in.spec.ts, contracts.spec.ts).
import { execFileSync } from 'node:child_process';
import { type Page } from '@playwright/test';
import { expect } from './fixtures';
import { DEVSERVER_BIN } from './helpers';

/** The devserver's fixture wallet (README, "Wallet sign-in (devserver)"): P2WPKH, testnet. */
export const WALLET = 'tb1q9vza2e8x573nczrlzms0wvx3gsqjx7vaxwd45v';
export const SHORT = 'tb1q9vza…d45v';

/** `devserver sign-message NONCE` with the fixture wallet: the signature the backend accepts. */
export function sign(nonce: string): string {
  const out = execFileSync(DEVSERVER_BIN, ['sign-message', nonce], { encoding: 'utf8' });
  const address = /^address: (.+)$/m.exec(out)?.[1];
  const signature = /^signature: (.+)$/m.exec(out)?.[1];
  expect(address, out).toBe(WALLET);
  expect(signature, out).toBeTruthy();
  return signature!;
}

export const addressField = (page: Page) => page.getByLabel('Wallet address', { exact: true });
export const signatureField = (page: Page) => page.getByLabel('Signature', { exact: true });
export const nonceText = (page: Page) => page.locator('[data-challenge] [data-nonce]');
export const formAlert = (page: Page) => page.locator('.wallet-sign-in .form-error[role="alert"]');

/** Type the address, ask for a challenge, and return its nonce (QR code and countdown shown). */
export async function getChallenge(page: Page, wallet = WALLET): Promise<string> {
  await addressField(page).fill(wallet);
  await page.getByRole('button', { name: 'Get challenge' }).click();
  await expect(nonceText(page)).toHaveText(/^[0-9a-f]{32}$/);
  return (await nonceText(page).textContent())!.trim();
}

export async function verify(page: Page, signature: string) {
  await signatureField(page).fill(signature);
  await page.getByRole('button', { name: 'Verify' }).click();
}


/** Signs in with the fixture wallet from the header's account menu (its new key is shown). */
export async function signInWithWallet(page: Page) {
  await page.locator('.site-header [data-account]').click();
  await verify(page, sign(await getChallenge(page)));
  await expect(page.locator('[data-new-key] [data-api-key]')).toHaveText(/^[0-9a-f]{64}$/);
}
