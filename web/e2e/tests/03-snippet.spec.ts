import { expect, test } from '@playwright/test';
import { adminApi, agentMessages, agentSend, bubbles, openWidget, shopSite, signInAgent, snap, visitorSend } from '../support/helpers';

test('the admin creates a website inbox; its snippet works on another site', async ({ browser }) => {
  let snippet = '';
  const shop = await shopSite(
    () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Summit Bikes</title>
<style>body{font-family:sans-serif;margin:2rem} .launcher{display:none!important} button{color:red}</style></head>
<body><h1>Summit Bikes</h1><p>Our test shop, with a page style that must not reach the widget.</p>
${snippet}
</body></html>`,
  );
  try {
    const admin = await adminApi();
    const inbox = await admin.call('POST', `/api/v1/accounts/${admin.accountId}/inboxes`, {
      name: 'Summit Bikes',
      channel: { type: 'web_widget', website_url: shop.url },
    });
    snippet = inbox.web_widget_script as string;
    expect(snippet).toContain('<script');
    expect(snippet).toContain(`data-website-token="${inbox.website_token}"`);

    const visitor = await openWidget(browser, `${shop.url}/`);
    await expect(visitor.page.getByRole('heading', { name: 'Summit Bikes' })).toBeVisible();
    await visitorSend(visitor, 'Do you repair e-bikes?');
    await snap(visitor.page, '12-snippet-on-test-site');

    // The new inbox has no bot: the conversation shows up in the workspace for the admin to take.
    const agent = await signInAgent(browser);
    const list = agent.page.getByRole('navigation', { name: 'Conversations' });
    const item = list.locator('.conversation-item').filter({ hasText: 'Do you repair e-bikes?' });
    await expect(item).toHaveCount(1);
    await item.click();
    const messages = agentMessages(agent.page);
    await expect(messages.getByText('Do you repair e-bikes?', { exact: true })).toBeVisible();
    await agentSend(agent.page, 'Yes, every brand. Bring it by any weekday.');
    await expect(bubbles(visitor, 'Yes, every brand. Bring it by any weekday.')).toHaveCount(1);
    await visitorSend(visitor, 'Great, see you Monday!');
    await expect(messages.getByText('Great, see you Monday!', { exact: true })).toBeVisible();
    await snap(agent.page, '13-agent-snippet-conversation');
    await snap(visitor.page, '14-snippet-reply');

    await visitor.context.close();
    await agent.context.close();
  } finally {
    shop.server.close();
  }
});
