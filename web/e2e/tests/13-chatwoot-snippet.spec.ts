import { createHmac } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { adminApi, baseUrl, bubbles, shopSite, snap } from '../support/helpers';

/**
 * Migrating from Chatwoot: a page keeps Chatwoot's snippet and its $chatwoot calls word for word; only BASE_URL
 * points at Baton (which serves /packs/js/sdk.js).
 */
test("a page with Chatwoot's widget snippet works with Baton when only baseUrl changes", async ({ browser }) => {
  const admin = await adminApi();
  let token = '';
  let identifierHash = '';
  const shop = await shopSite(
    () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Alpine Kayaks</title></head>
<body><h1>Alpine Kayaks</h1>
<button id="help" onclick="window.$chatwoot.toggle()">Need help?</button>
<script>
  window.addEventListener('chatwoot:ready', function () {
    window.$chatwoot.setUser('cw-user-42', {
      name: 'Carla Chatwoot',
      email: 'carla@kayaks.example',
      identifier_hash: '${identifierHash}'
    });
    window.$chatwoot.setCustomAttributes({ plan: 'gold', signed_up: '2024-01-31' });
    document.body.setAttribute('data-chatwoot-ready', 'yes');
  });
</script>
<script>
  (function(d,t) {
    var BASE_URL="${baseUrl()}";
    var g=d.createElement(t),s=d.getElementsByTagName(t)[0];
    g.src=BASE_URL+"/packs/js/sdk.js";
    g.defer = true;
    g.async = true;
    s.parentNode.insertBefore(g,s);
    g.onload=function(){
      window.chatwootSDK.run({
        websiteToken: '${token}',
        baseUrl: BASE_URL
      })
    }
  })(document,"script");
</script>
</body></html>`,
  );
  try {
    const inbox = await admin.call('POST', `/api/v1/accounts/${admin.accountId}/inboxes`, {
      name: 'Alpine Kayaks',
      channel: { type: 'web_widget', website_url: shop.url },
    });
    token = inbox.website_token as string;
    identifierHash = createHmac('sha256', inbox.hmac_token as string).update('cw-user-42').digest('hex');

    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${shop.url}/`);
    await expect(page.locator('body')).toHaveAttribute('data-chatwoot-ready', 'yes');

    // $chatwoot.toggle() from the page's own button opens the chat, and closes it again.
    const panel = page.getByRole('dialog', { name: 'Chat' });
    await page.getByRole('button', { name: 'Need help?' }).click();
    await expect(panel).toBeVisible();
    await page.getByRole('button', { name: 'Need help?' }).click();
    await expect(panel).toBeHidden();
    await page.getByRole('button', { name: 'Need help?' }).click();
    await expect(panel).toBeVisible();

    const input = panel.getByRole('textbox', { name: 'Your message' });
    await input.fill('Is the Tourer 430 in stock?');
    await input.press('Enter');
    await expect(bubbles({ context, page, panel }, 'Is the Tourer 430 in stock?')).toHaveCount(1);

    // setUser (verified by its identifier_hash) and setCustomAttributes reached the contact.
    await expect
      .poll(async () => {
        const found = await admin.call('GET', `/api/v1/accounts/${admin.accountId}/contacts/search?q=cw-user-42`);
        return found.payload[0] ?? null;
      })
      .toMatchObject({
        identifier: 'cw-user-42',
        name: 'Carla Chatwoot',
        email: 'carla@kayaks.example',
        custom_attributes: { plan: 'gold', signed_up: '2024-01-31' },
      });
    const found = await admin.call('GET', `/api/v1/accounts/${admin.accountId}/contacts/search?q=cw-user-42`);
    await expect
      .poll(async () =>
        JSON.stringify(
          await admin.call('GET', `/api/v1/accounts/${admin.accountId}/contacts/${found.payload[0].id}/conversations`),
        ),
      )
      .toContain('Is the Tourer 430 in stock?');
    await expect(panel.getByText('Sending…')).toHaveCount(0);
    await snap(page, '30-chatwoot-snippet');
    await context.close();
  } finally {
    shop.server.close();
  }
});
