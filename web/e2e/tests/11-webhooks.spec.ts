import { expect, test } from '@playwright/test';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { adminApi, adminEmail, adminPassword, baseUrl, snap } from '../support/helpers';

/**
 * An administrator adds a webhook in Settings → Webhooks, sees a failed delivery with its error in the log,
 * and re-sends it once the receiver works. The receiver is a small HTTP server on loopback.
 */

interface Receiver {
  url: string;
  server: Server;
  received: { headers: IncomingMessage['headers']; body: string }[];
  failing: boolean;
}

async function receiver(): Promise<Receiver> {
  const r: Receiver = { url: '', server: undefined as unknown as Server, received: [], failing: true };
  r.server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      r.received.push({ headers: req.headers, body });
      res.writeHead(r.failing ? 500 : 200, { 'content-type': 'text/plain' }).end(r.failing ? 'receiver is down' : 'ok');
    });
  });
  await new Promise<void>((ok) => r.server.listen(0, '127.0.0.1', ok));
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/baton`;
  return r;
}

test('an administrator adds a webhook, sees a failed delivery and re-sends it', async ({ browser }) => {
  const hook = await receiver();
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  try {
    const admin = await adminApi();
    await page.goto(`${baseUrl()}/app/`);
    await page.getByLabel('Email').fill(adminEmail());
    await page.getByLabel('Password').fill(adminPassword());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/conversations/);
    await page.goto(`${baseUrl()}/app/accounts/${admin.accountId}/settings/webhooks`);
    await expect(page.getByRole('heading', { level: 1, name: 'Webhooks' })).toBeVisible();

    await page.getByRole('button', { name: 'New webhook' }).click();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'New webhook' }) });
    await form.getByLabel('Name').fill('CRM');
    await form.getByLabel('URL').fill('http://127.0.0.1:9/');
    await form.getByLabel('URL').fill(hook.url);
    await form.getByRole('checkbox', { name: /handoff_ended/ }).check();
    await snap(page, '60-webhooks-new');
    await form.getByRole('button', { name: 'Save' }).click();
    const row = page.getByRole('row').filter({ hasText: hook.url });
    await expect(row).toContainText('3 events');
    await expect(row).toContainText('Active');

    // A visitor writes: conversation_created and message_created go out; the receiver answers 500.
    const inbox = await admin.call('POST', `/api/v1/accounts/${admin.accountId}/inboxes`, {
      name: 'Webhook shop',
      channel: { type: 'web_widget', website_url: 'https://hooks.example' },
    });
    const publicBase = `${baseUrl()}/public/api/v1/inboxes/${inbox.website_token}`;
    const post = async (path: string, body: unknown) =>
      (await fetch(`${publicBase}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
    const contact = await post('/contacts', { name: 'Hanna Hook' });
    const conversation = await post(`/contacts/${contact.source_id}/conversations`, {});
    await post(`/contacts/${contact.source_id}/conversations/${conversation.id}/messages`, { content: 'Is my order on its way?' });
    await expect.poll(() => hook.received.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(2);
    expect(hook.received[0]!.headers['webhook-signature']).toMatch(/^v1,/);
    expect(hook.received[0]!.headers['x-chatwoot-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);

    await page.getByRole('button', { name: 'Close' }).click();
    await row.getByRole('button', { name: 'Deliveries' }).click();
    const log = page.locator('.delivery-log');
    const message = log.getByRole('row').filter({ hasText: 'message_created' });
    await expect(message).toContainText('Pending');
    await expect(message).toContainText('HTTP 500: receiver is down');
    await expect(message).toContainText('500');
    await snap(page, '61-webhooks-failed-delivery');

    hook.failing = false;
    await message.getByRole('button', { name: 'Re-send' }).click();
    await expect
      .poll(async () => {
        await log.getByRole('button', { name: 'Refresh' }).click();
        return (await message.textContent()) ?? '';
      }, { timeout: 30_000 })
      .toContain('Delivered');
    await message.getByRole('button', { name: 'message_created' }).click();
    await expect(log.locator('.delivery-payload pre')).toContainText('"content": "Is my order on its way?"');
    await snap(page, '62-webhooks-delivered');

    await row.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('button', { name: 'Show' }).click();
    await expect(page.locator('code.secret')).toContainText('whsec_');
    await snap(page, '63-webhooks-edit-secret');
  } finally {
    await context.close();
    hook.server.close();
  }
});

test("an administrator gives an API inbox a webhook URL; the inbox's messages reach it, signed with the secret the inbox shows", async ({ browser }) => {
  const hook = await receiver();
  hook.failing = false;
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  try {
    const admin = await adminApi();
    await page.goto(`${baseUrl()}/app/`);
    await page.getByLabel('Email').fill(adminEmail());
    await page.getByLabel('Password').fill(adminPassword());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/conversations/);
    await page.goto(`${baseUrl()}/app/accounts/${admin.accountId}/settings/inboxes`);
    await page.getByRole('button', { name: 'New inbox' }).click();
    await page.getByLabel('Name').fill('Mobile app');
    await page.getByLabel('Channel').selectOption('api');
    await page.getByLabel('Webhook URL').fill(hook.url);
    await page.getByRole('button', { name: 'Save' }).click();
    const secret = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Webhook signing secret' }) });
    await secret.getByRole('button', { name: 'Show' }).click();
    await expect(secret.locator('code.secret')).toContainText('whsec_');
    await snap(page, '64-api-inbox-webhook');

    const inboxes = await admin.call('GET', `/api/v1/accounts/${admin.accountId}/inboxes`);
    const inbox = inboxes.payload.find((i: { name: string; webhook_url: string }) => i.webhook_url === hook.url);
    const publicBase = `${baseUrl()}/public/api/v1/inboxes/${inbox.inbox_identifier}`;
    const post = async (path: string, body: unknown) =>
      (await fetch(`${publicBase}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })).json();
    const contact = await post('/contacts', { name: 'App user' });
    const conversation = await post(`/contacts/${contact.source_id}/conversations`, {});
    await post(`/contacts/${contact.source_id}/conversations/${conversation.id}/messages`, { content: 'Sent from the app' });
    await expect
      .poll(() => hook.received.map((r) => JSON.parse(r.body).content).includes('Sent from the app'), { timeout: 30_000 })
      .toBe(true);
    expect(hook.received.every((r) => JSON.parse(r.body).event !== 'contact_created')).toBe(true);
  } finally {
    await context.close();
    hook.server.close();
  }
});
