import { expect, test, type Page } from '@playwright/test';
import { adminApi, openWidget, shopSite, signInAgent, snap, visitorSend, type Admin } from '../support/helpers';

/** The live chats with unread visitor messages, as the server counts them (the title's number). */
async function liveUnread(admin: Admin): Promise<number> {
  const r = await admin.call('GET', `/api/v1/accounts/${admin.accountId}/conversations/meta?status=open`);
  return r.meta.unread_count as number;
}

const titleFor = (unread: number) => (unread > 0 ? `(${unread}) Baton` : 'Baton');

function tab(page: Page, name: string) {
  return page.getByRole('tablist', { name: 'Inbox' }).getByRole('tab', { name: new RegExp(`^${name}`) });
}

test('inbox: unread in the list and the title, tabs, search, visitor online', async ({ browser }) => {
  const question = 'Do you ship crampons to Zermatt?';
  let snippet = '';
  const shop = await shopSite(
    () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Crampon Corner</title></head>
<body><h1>Crampon Corner</h1>${snippet}</body></html>`,
  );
  const admin = await adminApi();
  let conversationId: number | undefined;
  try {
    const inbox = await admin.call('POST', `/api/v1/accounts/${admin.accountId}/inboxes`, {
      name: 'Crampon Corner',
      channel: { type: 'web_widget', website_url: shop.url },
    });
    snippet = inbox.web_widget_script as string;

    const agent = await signInAgent(browser);
    const list = agent.page.getByRole('navigation', { name: 'Conversations' });
    await expect(tab(agent.page, 'Live chat')).toHaveAttribute('aria-selected', 'true');
    // The Bot tab is there: the preference is on unless the agent turned it off.
    await expect(tab(agent.page, 'Bot')).toBeVisible();

    // A visitor writes: the conversation is unread, the visitor online, the count in the title.
    const visitor = await openWidget(browser, `${shop.url}/`);
    await visitorSend(visitor, question);
    const item = list.locator('.conversation-item').filter({ hasText: question });
    await expect(item).toHaveCount(1);
    await expect(item).toHaveClass(/conversation-item--unread/);
    await expect(item).toContainText('Unread'); // in words for screen readers, not colour alone
    await expect(item.locator('.avatar__presence')).toHaveCount(1);
    await expect(item).toContainText('Visitor online');
    // Online and unread never look alike: presence is the one green dot, unread a count in a pill of another colour.
    const unreadBadge = item.locator('.conversation-item__top .badge--unread');
    await expect(unreadBadge).toHaveText(/^\d+$/);
    const colour = (l: typeof unreadBadge) => l.evaluate((e) => getComputedStyle(e).backgroundColor);
    expect(await colour(unreadBadge)).not.toBe(await colour(item.locator('.avatar__presence')));
    expect(await unreadBadge.evaluate((e) => e.getBoundingClientRect().width >= e.getBoundingClientRect().height)).toBe(true);
    conversationId = Number(await item.getAttribute('data-conversation-id'));
    const unread = await liveUnread(admin);
    expect(unread).toBeGreaterThanOrEqual(1);
    await expect(agent.page).toHaveTitle(titleFor(unread));
    await expect(tab(agent.page, 'Live chat')).toContainText(String(unread));
    await snap(agent.page, '20-inbox-unread-online');

    // Filters and tabs.
    const filters = agent.page.getByRole('group', { name: 'Filter conversations' });
    await filters.getByRole('button', { name: /^Unread/ }).click();
    await expect(item).toHaveCount(1);
    await filters.getByRole('button', { name: /^Mine/ }).click();
    await expect(item).toHaveCount(0);
    await filters.getByRole('button', { name: /^All/ }).click();
    await tab(agent.page, 'Closed').click();
    await expect(tab(agent.page, 'Closed')).toHaveAttribute('aria-selected', 'true');
    await expect(item).toHaveCount(0);
    await tab(agent.page, 'Bot').click();
    await expect(item).toHaveCount(0);
    await tab(agent.page, 'Live chat').click();
    await expect(item).toHaveCount(1);

    // Search by the visitor's message text finds only this conversation.
    const search = agent.page.getByRole('searchbox', { name: 'Search conversations' });
    await search.fill('crampons to zermatt');
    await expect(list.locator('.conversation-item')).toHaveCount(1);
    await expect(item).toHaveCount(1);
    await search.fill('no conversation says this 7f3a');
    await expect(list.getByText('No conversation matches')).toBeVisible();
    await search.fill('');
    await expect(item).toHaveCount(1);

    // Opening it marks it seen: bold and the count go, for the list, the tab and the title.
    await item.click();
    await expect(item).not.toHaveClass(/conversation-item--unread/);
    await expect.poll(() => liveUnread(admin)).toBe(unread - 1);
    await expect(agent.page).toHaveTitle(titleFor(unread - 1));
    await expect(agent.page.getByRole('heading', { name: 'Previous conversations' })).toBeVisible();
    await expect(agent.page.getByText('No other conversations with this contact.')).toBeVisible();
    await snap(agent.page, '21-inbox-seen');

    // The visitor closes the page: the online cue goes (at once; the expiry is only for crashed nodes).
    await visitor.page.close();
    await expect(item.locator('.avatar__presence')).toHaveCount(0, { timeout: 10_000 });
    await expect(item).toContainText('Visitor offline');
    await visitor.context.close();

    // Ended, as the other scenarios expect: it moves to Closed.
    await admin.call('POST', `/api/v1/accounts/${admin.accountId}/conversations/${conversationId}/toggle_status`, {
      status: 'resolved',
    });
    conversationId = undefined;
    await expect(item).toHaveCount(0);
    await tab(agent.page, 'Closed').click();
    await expect(item).toHaveCount(1);
    await snap(agent.page, '22-inbox-closed');
    await agent.context.close();
  } finally {
    if (conversationId !== undefined) {
      await admin
        .call('POST', `/api/v1/accounts/${admin.accountId}/conversations/${conversationId}/toggle_status`, { status: 'resolved' })
        .catch(() => undefined);
    }
    shop.server.close();
  }
});
