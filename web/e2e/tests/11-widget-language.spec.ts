import { expect, test } from '@playwright/test';
import { adminApi, shopSite, snap } from '../support/helpers';

test("the widget speaks the inbox's language unless the page's settings name another", async ({ browser }) => {
  let settings = '';
  let snippet = '';
  // The page says it is English; the inbox says German; the browser context is en-US.
  const shop = await shopSite(
    () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bergbahn</title></head>
<body><h1>Bergbahn</h1>${settings}${snippet}</body></html>`,
  );
  try {
    const admin = await adminApi();
    const inbox = await admin.call('POST', `/api/v1/accounts/${admin.accountId}/inboxes`, {
      name: 'Bergbahn',
      locale: 'de',
      channel: { type: 'web_widget', website_url: shop.url },
    });
    snippet = inbox.web_widget_script as string;

    const german = await browser.newContext();
    const page = await german.newPage();
    await page.goto(`${shop.url}/`);
    await page.getByRole('button', { name: 'Chat öffnen' }).click();
    await expect(page.getByRole('textbox', { name: 'Deine Nachricht' })).toBeVisible();
    await german.close();

    settings = `<script>window.batonSettings = { locale: 'fr' };</script>`;
    const french = await browser.newContext();
    const frenchPage = await french.newPage();
    await frenchPage.goto(`${shop.url}/`);
    await expect(frenchPage.getByRole('button', { name: 'Ouvrir le chat' })).toBeVisible();
    await french.close();
  } finally {
    shop.server.close();
  }
});

test('a German widget runs the demo story in German: its questions, buttons and the answer to a button', async ({ browser }) => {
  let snippet = '';
  const shop = await shopSite(
    () => `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Bergladen</title></head>
<body><h1>Bergladen</h1><script>window.batonSettings = { locale: 'de' };</script>${snippet}</body></html>`,
  );
  try {
    const admin = await adminApi();
    const stories = await admin.call('GET', `/api/v1/accounts/${admin.accountId}/stories`);
    const demo = (stories.payload as { id: number; name: string }[]).find((s) => s.name === 'Demo story');
    expect(demo, 'the demo story').toBeDefined();
    // An inbox whose own language is English: the widget's German (batonSettings) is what the story speaks.
    const inbox = await admin.call('POST', `/api/v1/accounts/${admin.accountId}/inboxes`, {
      name: 'Bergladen',
      locale: 'en',
      channel: { type: 'web_widget', website_url: shop.url },
    });
    await admin.call('PUT', `/api/v1/accounts/${admin.accountId}/inboxes/${inbox.id}/automation`, { story_id: demo!.id });
    snippet = inbox.web_widget_script as string;

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shop.url}/`);
    await page.getByRole('button', { name: 'Chat öffnen' }).click();
    const panel = page.getByRole('dialog', { name: 'Chat' });
    const bot = (text: string) => panel.locator('.msg.agent .bubble').filter({ hasText: text }).last();
    await expect(bot('Hallo! Ich bin der Assistent von Alpine Outfitters.')).toBeVisible();
    await expect(bot('Wie ist Ihr Vorname?')).toBeVisible();
    const input = panel.getByRole('textbox', { name: 'Deine Nachricht' });
    await input.fill('Vera');
    await input.press('Enter');
    await expect(bot('Schön, Sie kennenzulernen, Vera!')).toBeVisible();
    await input.fill('Acme');
    await input.press('Enter');
    await expect(bot('Wie kann ich Ihnen helfen, Vera?')).toBeVisible();
    const choices = panel.getByRole('group').last();
    await expect(choices.getByRole('button', { name: 'Versandkosten' })).toBeVisible();
    await expect(choices.getByRole('button', { name: 'Mit einem Menschen sprechen' })).toBeVisible();
    await choices.getByRole('button', { name: 'Versandkosten' }).click();
    await expect(bot('Ab CHF 100 ist der Versand kostenlos, darunter kostet er CHF 9.')).toBeVisible();
    await snap(page, '11-widget-german-demo-story');
    await context.close();
  } finally {
    shop.server.close();
  }
});
