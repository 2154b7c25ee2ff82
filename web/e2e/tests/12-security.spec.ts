import { expect, test, type Page } from '@playwright/test';
import { adminApi, baseUrl, invitationLink, openWidget, shopSite, signInAgent, snap, visitorSend } from '../support/helpers';

/** Content-Security-Policy violations the page reports (the workspace must run under its own policy). */
function cspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) seen.push(m.text());
  });
  return seen;
}

test('an invited person signs up from the e-mailed link and joins; the admin sees the invitation until then', async ({ browser }) => {
  const admin = await signInAgent(browser);
  const violations = cspViolations(admin.page);
  const email = `ines-${Date.now()}@shop.example`;
  try {
    const page = admin.page;
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Agents', exact: true }).click();
    await page.getByRole('button', { name: 'Invite agent' }).click();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Invite agent' }) });
    await form.getByLabel('Name').fill('Ines Weber');
    await form.getByLabel('Email').fill(email);
    await expect(form.getByText('Leave empty to send an invitation by e-mail.', { exact: false })).toBeVisible();
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('status').filter({ hasText: `Invitation sent to ${email}` })).toBeVisible();
    const invitations = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Invitations' }) });
    await expect(invitations.getByRole('row').filter({ hasText: email })).toBeVisible();
    await expect(page.getByRole('table').first().getByText(email)).toHaveCount(0); // no member yet
    await snap(page, '40-agents-invitation-pending');

    // The invitee, in a browser of their own, opens the link from the e-mail.
    const link = await invitationLink(email);
    expect(link).toContain('/app/invitations/');
    const invitee = await browser.newContext();
    const inviteePage = await invitee.newPage();
    const inviteeViolations = cspViolations(inviteePage);
    await inviteePage.goto(link);
    await expect(inviteePage.getByRole('heading', { name: 'Join Baton Demo' })).toBeVisible();
    await expect(inviteePage.getByText(`Choose a password to create your Baton user (${email})`)).toBeVisible();
    await inviteePage.getByLabel('Password (at least 8 characters)').fill('ines-e2e-password');
    await snap(inviteePage, '41-invitation-sign-up');
    await inviteePage.getByRole('button', { name: 'Create my user and join' }).click();
    await expect(inviteePage.getByRole('radiogroup', { name: 'Your status' })).toBeVisible();
    await snap(inviteePage, '42-invitation-joined');
    // The link worked once.
    await inviteePage.goto(link);
    await expect(inviteePage.getByText('This invitation link is not valid', { exact: false })).toBeVisible();
    await invitee.close();
    expect(inviteeViolations).toEqual([]);

    // The admin sees the new member, and no pending invitation any more.
    await page.reload();
    await expect(page.getByRole('table').first().getByText(email)).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: email }).getByRole('button', { name: 'Send again' })).toHaveCount(0);
    await page.getByRole('row').filter({ hasText: email }).getByRole('button', { name: 'Edit' }).click();
    await expect(page.getByRole('button', { name: 'Sign out everywhere' })).toBeVisible();
    await snap(page, '43-agents-member-editor');
    expect(violations).toEqual([]);
  } finally {
    await admin.context.close();
  }
});

test('the widget tells the page the visitor is on when the chat opens and when they navigate', async ({ browser }) => {
  const admin = await adminApi();
  let token = '';
  const inboxes = await admin.call('GET', `/api/v1/accounts/${admin.accountId}/inboxes`);
  const demo = (inboxes.payload as { name: string; website_token: string; id: number }[]).find((i) => i.name === 'Demo website')!;
  token = demo.website_token;
  const shop = await shopSite(
    () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Pages</title></head>
<body><h1>Pricing</h1><script src="${baseUrl()}/widget.js" data-website-token="${token}"></script></body></html>`,
  );
  // The shop's origin added to the demo inbox's list for this test (an empty list lets every origin in); the list is
  // put back after it, which holds from the next request (the origin policy forgets its cached settings on a change).
  const before = await admin.call('GET', `/api/v1/accounts/${admin.accountId}/inboxes/${demo.id}`);
  await admin.call('PATCH', `/api/v1/accounts/${admin.accountId}/inboxes/${demo.id}`, {
    allowed_origins: [...(before.allowed_origins ?? []), shop.url],
  });
  const visitor = await openWidget(browser, `${shop.url}/?page=pricing`);
  try {
    await visitorSend(visitor, 'Which page am I on?');
    const conversationOf = async () => {
      const list = await admin.call('GET', `/api/v1/accounts/${admin.accountId}/conversations?status=all&q=${encodeURIComponent('Which page am I on?')}`);
      return (list.data.payload as { id: number; additional_attributes: Record<string, string> }[])[0];
    };
    await expect.poll(async () => (await conversationOf())?.additional_attributes?.referer).toBe(`${shop.url}/?page=pricing`);

    // A single-page site moves on without a page load.
    await visitor.page.evaluate(() => history.pushState({}, '', '/?page=help-returns'));
    await expect.poll(async () => (await conversationOf())?.additional_attributes?.referer).toBe(`${shop.url}/?page=help-returns`);
    expect((await conversationOf())!.additional_attributes.referrer_url).toBe(`${shop.url}/?page=pricing`);
  } finally {
    await visitor.context.close();
    shop.server.close();
    await admin.call('PATCH', `/api/v1/accounts/${admin.accountId}/inboxes/${demo.id}`, { allowed_origins: before.allowed_origins ?? [] });
  }
});
