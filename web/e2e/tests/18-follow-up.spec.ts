import { expect, test } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactsDir } from '../support/baton';
import { adminApi, agentMessages, agentSend, askForPerson, bubbles, expectBot, openWidget, signInAgent, snap, visitorSend } from '../support/helpers';

/**
 * The last follow-up mail to `email`: without SMTP Baton writes its mails to its log (artifacts/baton.log), as the
 * invitation test reads them. Waits for the outbox to send it.
 */
async function followUpMail(email: string): Promise<string> {
  const log = join(artifactsDir, 'baton.log');
  for (let i = 0; i < 100; i++) {
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    const start = text.lastIndexOf(`to ${email}: `);
    if (start >= 0 && text.slice(start).includes('#baton_resume=')) return text.slice(start, start + 3000);
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no follow-up e-mail to ${email} in ${log}`);
}

test('nobody available: the visitor leaves an e-mail, the agent answers from Follow up, the reply goes by mail and its link reopens the chat', async ({
  browser,
}) => {
  const admin = await adminApi();
  const base = `/api/v1/accounts/${admin.accountId}`;
  const teams = (await admin.call('GET', `${base}/teams`)) as { id: number; name: string }[];
  const support = teams.find((t) => t.name === 'Support')!;
  const week = [0, 1, 2, 3, 4, 5, 6].map((day_of_week) => ({ day_of_week, closed_all_day: true }));
  await admin.call('PATCH', `${base}/teams/${support.id}`, { working_hours_enabled: true, timezone: 'UTC', working_hours: week });
  const email = `vera.${Date.now()}@mail.example`;
  try {
    // The visitor asks for a person while nobody is there, and leaves an e-mail address; then leaves.
    const visitor = await openWidget(browser);
    await askForPerson(visitor, 'Vera', 'private');
    await expectBot(visitor, /What is your e-mail address\?/);
    await visitorSend(visitor, email);
    await expectBot(visitor, `Thank you! We will write to ${email} as soon as possible.`);
    await visitor.context.close();

    // The agent finds it under Follow up.
    const agent = await signInAgent(browser);
    const page = agent.page;
    const tab = page.getByRole('tab', { name: /Follow up/ });
    await tab.click();
    const item = page.getByRole('tabpanel', { name: 'Follow up' }).getByRole('link', { name: /Vera/ }).first();
    await expect(item).toBeVisible();
    await snap(page, '80-follow-up-list');
    await item.click();
    await expect(page.getByRole('status').filter({ hasText: `your reply goes by e-mail to ${email}` })).toBeVisible();
    await snap(page, '81-follow-up-conversation');

    // The reply goes by e-mail, and is marked so.
    await agentSend(page, 'Hello Vera, your order 1234 left our warehouse today.');
    const reply = agentMessages(page).locator('li').filter({ hasText: 'your order 1234 left our warehouse today' });
    await expect(reply.getByText('By e-mail')).toBeVisible();
    await snap(page, '82-follow-up-replied');
    const mail = await followUpMail(email);
    expect(mail).toContain('a reply to your message');
    expect(mail).toContain('Hello Vera, your order 1234 left our warehouse today.');
    expect(mail).toContain('[You] Vera');
    // It left the list.
    await tab.click();
    await expect(page.getByRole('tabpanel', { name: 'Follow up' })).toHaveCount(0);
    await expect(page.getByText('Nothing to follow up.')).toBeVisible();

    // The mail's link reopens the chat in the widget, with the reply in it.
    const link = /(https?:\/\/\S+#baton_resume=\S+)/.exec(mail)![1];
    const back = await browser.newContext();
    const again = await back.newPage();
    await again.goto(link);
    const panel = again.getByRole('dialog', { name: 'Chat' });
    await expect(panel).toBeVisible();
    await expect(bubbles({ context: back, page: again, panel }, 'Hello Vera, your order 1234 left our warehouse today.')).toHaveCount(1);
    expect(again.url()).not.toContain('baton_resume');
    await snap(again, '83-widget-resumed-from-mail');
    await back.close();
    await agent.context.close();
  } finally {
    await admin.call('PATCH', `${base}/teams/${support.id}`, { working_hours_enabled: false });
  }
});
