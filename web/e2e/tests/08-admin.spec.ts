import { expect, test } from '@playwright/test';
import {
  adminApi,
  agentMessages,
  agentSend,
  baseUrl,
  bubbles,
  openSettings,
  openWidget,
  shopSite,
  signInAgent,
  snap,
  visitorSend,
} from '../support/helpers';

test('the admin creates a website inbox in the settings; the snippet it shows works on another site', async ({ browser }) => {
  let snippet = '';
  const shop = await shopSite(
    () => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Glacier Boats</title></head>
<body><h1>Glacier Boats</h1><p>A second test shop, set up through the admin pages only.</p>
${snippet}
</body></html>`,
  );
  const agent = await signInAgent(browser);
  try {
    await agent.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl() });
    const page = agent.page;
    await openSettings(page, 'Inboxes');

    await page.getByRole('button', { name: 'New inbox' }).click();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'New inbox' }) });
    await form.getByLabel('Name').fill('Glacier Boats');
    await form.getByLabel('Website address').fill(shop.url);
    await form.getByRole('button', { name: 'Save' }).click();

    // Saved: the editor of the new inbox opens, with its allowed origins and the embed code.
    const editor = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Glacier Boats' }) });
    await expect(editor).toBeVisible();
    await editor.getByLabel('Allowed origins').fill(shop.url);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByRole('status')).toHaveText('Saved.');
    const embed = page.locator('section.card').filter({ has: page.getByRole('heading', { name: 'Embed code' }) });
    await expect(embed.locator('pre code')).toContainText('data-website-token=');
    await embed.getByRole('button', { name: 'Copy' }).click();
    await expect(embed.getByRole('button', { name: 'Copied!' })).toBeVisible();
    snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toBe(await embed.locator('pre code').innerText());
    expect(snippet).toContain('<script');
    await snap(page, '20-admin-new-inbox-snippet');

    // The server kept the origin the admin typed.
    const admin = await adminApi();
    const inboxes = await admin.call('GET', `/api/v1/accounts/${admin.accountId}/inboxes`);
    const created = (inboxes.payload as { name: string; allowed_origins: string[] }[]).find((i) => i.name === 'Glacier Boats');
    expect(created?.allowed_origins).toEqual([shop.url]);

    // The snippet, pasted into the shop's page, brings the chat; the visitor and the admin talk.
    const visitor = await openWidget(browser, `${shop.url}/`);
    await expect(visitor.page.getByRole('heading', { name: 'Glacier Boats' })).toBeVisible();
    await visitorSend(visitor, 'Can I rent a kayak on Sunday?');
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Conversations' }).click();
    const item = page
      .getByRole('navigation', { name: 'Conversations' })
      .locator('.conversation-item')
      .filter({ hasText: 'Can I rent a kayak on Sunday?' });
    await expect(item).toHaveCount(1);
    await item.click();
    await expect(agentMessages(page).getByText('Can I rent a kayak on Sunday?', { exact: true })).toBeVisible();
    await agentSend(page, 'Yes, from 9 to 5. See you on the lake!');
    await expect(bubbles(visitor, 'Yes, from 9 to 5. See you on the lake!')).toHaveCount(1);
    await snap(visitor.page, '21-admin-made-inbox-on-test-site');
    await visitor.context.close();
  } finally {
    await agent.context.close();
    shop.server.close();
  }
});

test('the admin switches an agent preference on the Agents page and it stays after a reload', async ({ browser }) => {
  const agent = await signInAgent(browser);
  const page = agent.page;
  try {
    await openSettings(page, 'Agents');
    const email = `rita-${Date.now()}@alpine.example`;
    await page.getByRole('button', { name: 'Invite agent' }).click();
    const invite = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Invite agent' }) });
    await invite.getByLabel('Name').fill('Rita Berger');
    await invite.getByLabel('Email').fill(email);
    // With a password the person is created at once; without one they would be invited (12-security.spec.ts).
    await invite.getByLabel('Password').fill('rita-e2e-password');
    await invite.getByRole('button', { name: 'Save' }).click();

    const editor = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Rita Berger' }) });
    const showBot = editor.getByLabel('Show conversations the bot still has');
    const handoffMail = editor.getByLabel('E-mail about new handoffs');
    // An agent starts without the bot's conversations and with handoff e-mails (ADR 0014).
    await expect(showBot).not.toBeChecked();
    await expect(handoffMail).toBeChecked();
    await showBot.check();
    await handoffMail.uncheck();
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByRole('status')).toHaveText('Saved.');
    await snap(page, '22-admin-agent-preferences');

    await page.reload();
    const row = page.getByRole('row').filter({ hasText: email });
    await expect(row).toBeVisible();
    await row.getByRole('button', { name: 'Edit' }).click();
    const reopened = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Rita Berger' }) });
    await expect(reopened.getByLabel('Show conversations the bot still has')).toBeChecked();
    await expect(reopened.getByLabel('E-mail about new handoffs')).not.toBeChecked();

    // "Edit" on another row switches the editor to that agent, in view, and keeps the invitation form open.
    await page.getByRole('button', { name: 'Invite agent' }).click();
    const inviteAgain = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Invite agent' }) });
    await inviteAgain.getByLabel('Name').fill('Half typed');
    const other = page.getByRole('row').filter({ hasNotText: email }).filter({ has: page.getByRole('button', { name: 'Edit' }) }).first();
    const otherName = (await other.locator('strong').innerText()).trim();
    await other.getByRole('button', { name: 'Edit' }).click();
    const switched = page.locator('form').filter({ has: page.getByRole('heading', { name: otherName }) });
    await expect(switched).toBeVisible();
    await expect(switched.getByRole('heading', { name: otherName })).toBeInViewport();
    await expect(reopened).toHaveCount(0);
    await expect(inviteAgain.getByLabel('Name')).toHaveValue('Half typed');
    await snap(page, '22b-admin-agents-edit-keeps-invite');
    await inviteAgain.getByRole('button', { name: 'Cancel' }).click();
    await expect(switched).toBeVisible();
  } finally {
    await agent.context.close();
  }
});

test('an agent switches their own preferences under "My preferences"; they stay after a reload', async ({ browser }) => {
  const agent = await signInAgent(browser);
  const page = agent.page;
  try {
    await page.getByRole('link', { name: /My preferences/ }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My preferences' })).toBeVisible();
    const mail = page.getByLabel('E-mail me about new handoffs');
    const wasOn = await mail.isChecked();
    await mail.setChecked(!wasOn);
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await snap(page, '23-my-preferences');

    await page.reload();
    await expect(page.getByLabel('E-mail me about new handoffs')).toBeChecked({ checked: !wasOn });
    // Back as it was, for the scenarios that follow.
    await page.getByLabel('E-mail me about new handoffs').setChecked(wasOn);
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
  } finally {
    await agent.context.close();
  }
});

test('an agent turns the message sound off and sets its volume under "My preferences"; both stay after a reload', async ({ browser }) => {
  const agent = await signInAgent(browser);
  const page = agent.page;
  try {
    await page.getByRole('link', { name: /My preferences/ }).click();
    const sound = page.getByLabel('Play a sound for new visitor messages');
    await expect(sound).toBeChecked();
    await page.getByLabel('Volume').fill('30');
    await expect(page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await snap(page, '23b-my-preferences-sound');
    await sound.setChecked(false);
    await expect(page.getByLabel('Volume')).toBeDisabled();

    await page.reload();
    await expect(page.getByLabel('Play a sound for new visitor messages')).not.toBeChecked();
    await expect(page.getByLabel('Volume')).toHaveValue('30');
    // Back as it was, for the scenarios that follow.
    await page.getByLabel('Play a sound for new visitor messages').setChecked(true);
    await expect(page.getByLabel('Volume')).toBeEnabled();
  } finally {
    await agent.context.close();
  }
});

test('the story editor maps a question to a contact field, written into the story JSON', async ({ browser }) => {
  const agent = await signInAgent(browser);
  const page = agent.page;
  try {
    await openSettings(page, 'Stories');
    await page.getByRole('button', { name: 'New story' }).click();
    const field = page.getByLabel('Contact field for ask_name');
    await expect(field).toHaveValue('');
    await field.selectOption('name');
    await expect(page.getByLabel('Definition (JSON)')).toHaveValue(/"contact_field": "name"/);
    await field.scrollIntoViewIfNeeded();
    await snap(page, '24-story-contact-fields');
    await field.selectOption('');
    await expect(page.getByLabel('Definition (JSON)')).not.toHaveValue(/contact_field/);
  } finally {
    await agent.context.close();
  }
});

test('the story editor edits texts per language; a missing translation is named at the top, brought into view after Save', async ({ browser }) => {
  const agent = await signInAgent(browser);
  const page = agent.page;
  try {
    await openSettings(page, 'Stories');
    await page.getByRole('row').filter({ hasText: 'Demo story' }).getByRole('button', { name: 'Edit' }).click();
    const languages = page.getByRole('tablist', { name: 'Texts per language' });
    await expect(languages.getByRole('tab')).toHaveText(['English', 'Deutsch', 'Français', 'Italiano']);
    await languages.getByRole('tab', { name: 'Deutsch' }).click();
    const askName = page.getByLabel('ask_name · text (Deutsch)');
    await expect(askName).toHaveValue('Wie ist Ihr Vorname?');
    await expect(page.getByLabel('menu · options.1.title (Deutsch)')).toHaveValue('Versandkosten');
    await askName.scrollIntoViewIfNeeded();
    await snap(page, '24b-story-texts-per-language');

    // Without its German text the story does not save: the problem is listed at the top, in view, by step.
    await askName.fill('');
    await expect(page.getByLabel('Definition (JSON)')).toHaveValue(/"de": ""/);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const problems = page.getByRole('alert').filter({ hasText: 'ask_name' });
    await expect(problems).toContainText('text.de');
    await expect(problems).toContainText('Missing in Deutsch');
    await expect(problems.getByRole('heading')).toBeInViewport();
    await snap(page, '24c-story-missing-translation');
    await page.reload(); // nothing was saved: the demo story keeps its German question
    await page.getByRole('row').filter({ hasText: 'Demo story' }).getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('tablist', { name: 'Texts per language' }).getByRole('tab', { name: 'Deutsch' }).click();
    await expect(page.getByLabel('ask_name · text (Deutsch)')).toHaveValue('Wie ist Ihr Vorname?');
  } finally {
    await agent.context.close();
  }
});
