import { expect, test } from '@playwright/test';
import { adminApi, adminEmail, adminPassword, baseUrl, openSettings, snap } from '../support/helpers';

/**
 * An administrator makes an external agent bot in Settings → Bots, sees its access token once (it works, and is
 * gone after "I have copied it"), and makes it the bot of an inbox in place of the built-in story.
 */
test('an administrator creates a bot, sees its token once and assigns it to an inbox', async ({ browser }) => {
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  try {
    const admin = await adminApi();
    const inbox = await admin.call('POST', `/api/v1/accounts/${admin.accountId}/inboxes`, {
      name: 'Bot shop',
      channel: { type: 'web_widget', website_url: 'https://bots.example' },
    });
    await page.goto(`${baseUrl()}/app/`);
    await page.getByLabel('Email').fill(adminEmail());
    await page.getByLabel('Password').fill(adminPassword());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/conversations/);
    await openSettings(page, 'Bots');

    await page.getByRole('button', { name: 'New bot' }).click();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'New bot' }) });
    await form.getByLabel('Name').fill('FAQ bot');
    await form.getByLabel('Description').fill('Answers the common questions');
    // The server's refusal is shown at its field (problem+json errors).
    await form.getByLabel('Outgoing URL').fill('ftp://bots.example/hook');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(form.getByRole('alert').first()).toBeVisible();
    await snap(page, '70-bots-refused-url');

    await form.getByLabel('Outgoing URL').fill('http://127.0.0.1:9/faq-bot');
    await form.getByLabel('Reply deadline (seconds)').fill('45');
    await form.getByRole('checkbox', { name: /standby/ }).check();
    await snap(page, '71-bots-new');
    await form.getByRole('button', { name: 'Save' }).click();

    const credentials = page.getByRole('status', { name: 'Credentials of FAQ bot' });
    await expect(credentials).toContainText('shown only this once');
    const token = (await credentials.getByTestId('bot-token').textContent())!.trim();
    expect(token.length).toBeGreaterThan(10);
    await expect(credentials.getByTestId('bot-secret')).toContainText('whsec_');
    await snap(page, '72-bots-token-once');

    // The token is the bot's: it authenticates (a bot administers nothing: 403, where a wrong token is 401).
    const asBot = (t: string) => fetch(`${baseUrl()}/api/v1/accounts/${admin.accountId}/agent_bots`, { headers: { api_access_token: t } });
    expect((await asBot(token)).status).toBe(403);
    expect((await asBot(token + 'x')).status).toBe(401);

    await credentials.getByRole('button', { name: 'I have copied it' }).click();
    await expect(credentials).toBeHidden();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Bots' })).toBeVisible();
    const row = page.getByRole('row').filter({ hasText: 'FAQ bot' });
    await expect(row).toContainText('13 events');
    await expect(page.getByText(token)).toHaveCount(0);
    await snap(page, '73-bots-list');

    await page.getByRole('link', { name: 'Inboxes', exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'Bot shop' }).getByRole('button', { name: 'Edit' }).click();
    const card = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Who answers first' }) });
    await expect(card.getByRole('radio', { name: 'Built-in story' })).toBeChecked();
    await card.getByRole('radio', { name: 'External bot' }).check();
    await expect(card.getByLabel('Bot', { exact: true })).toHaveValue(String((await admin.call('GET', `/api/v1/accounts/${admin.accountId}/agent_bots`)).find((b: { name: string }) => b.name === 'FAQ bot').id));
    await card.getByRole('button', { name: 'Save' }).click();
    await expect(card.getByRole('status')).toHaveText('Saved.');
    await card.scrollIntoViewIfNeeded();
    await snap(page, '74-inbox-external-bot');

    const assigned = await admin.call('GET', `/api/v1/accounts/${admin.accountId}/inboxes/${inbox.id}/agent_bot`);
    expect(assigned.name).toBe('FAQ bot');
    expect(assigned.reply_deadline_seconds).toBe(45);
    expect(assigned.access_token).toBeNull();

    // Back to the story: the inbox has no bot any more.
    await card.getByRole('radio', { name: 'Built-in story' }).check();
    await card.getByRole('button', { name: 'Save' }).click();
    await expect(card.getByRole('status')).toHaveText('Saved.');
    const res = await fetch(`${baseUrl()}/api/v1/accounts/${admin.accountId}/inboxes/${inbox.id}/agent_bot`, { headers: { api_access_token: admin.token } });
    expect(res.status).toBe(204);

    // A new token replaces the old one, shown once again; then the bot is deleted after a second question.
    await page.getByRole('link', { name: 'Bots', exact: true }).click();
    await page.getByRole('row').filter({ hasText: 'FAQ bot' }).getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('button', { name: 'Reset access token' }).click();
    const again = page.getByRole('status', { name: 'Credentials of FAQ bot' });
    const newToken = (await again.getByTestId('bot-token').textContent())!.trim();
    expect(newToken).not.toBe(token);
    expect((await asBot(token)).status).toBe(401);
    expect((await asBot(newToken)).status).toBe(403);
    await again.getByRole('button', { name: 'I have copied it' }).click();
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('button', { name: 'Yes, delete' }).click();
    await expect(page.getByText('No bots yet.')).toBeVisible();
    await snap(page, '75-bots-deleted');
  } finally {
    await context.close();
  }
});
