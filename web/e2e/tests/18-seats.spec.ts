import { expect, test } from '@playwright/test';
import { openSettings, signInAgent, snap } from '../support/helpers';

test('the administrator sets the licence seats on the account page, within what the installation allows', async ({ browser }) => {
  const agent = await signInAgent(browser);
  const page = agent.page;
  try {
    await openSettings(page, 'Account');
    const seats = page.getByLabel('Licences');
    await expect(seats).toHaveAttribute('max', '100000');
    await expect(page.getByText(/At most 100000 on this installation/)).toBeVisible();
    const before = await seats.inputValue();
    await seats.fill('12');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await expect(page.getByText(/of 12 licences used/)).toBeVisible();
    await snap(page, '18-account-seats');

    await page.reload();
    await expect(page.getByLabel('Licences')).toHaveValue('12');
    // Back as it was, for the scenarios that follow.
    await page.getByLabel('Licences').fill(before);
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  } finally {
    await agent.context.close();
  }
});
