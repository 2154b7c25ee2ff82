import { expect, test } from '@playwright/test';
import { adminApi, shopSite } from '../support/helpers';

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
