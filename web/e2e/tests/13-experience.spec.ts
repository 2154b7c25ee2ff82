import { expect, test } from '@playwright/test';
import {
  adminApi,
  agentMessages,
  agentSend,
  askForPerson,
  bubbles,
  expectBot,
  offerCard,
  openSettings,
  openWidget,
  setStatus,
  signInAgent,
  snap,
  visitorSend,
} from '../support/helpers';
import { stripedPng } from '../support/images';

/** Issue 12: what a walk-through of the visitor's and the agent's experience found. */

test("the widget wears the inbox's colour, heading and text, which the admin page previews", async ({ browser }) => {
  const admin = await adminApi();
  const inboxes = (await admin.call('GET', `/api/v1/accounts/${admin.accountId}/inboxes`)).payload as {
    id: number;
    name: string;
    widget_color: string | null;
    welcome_title: string | null;
    welcome_tagline: string | null;
  }[];
  const demo = inboxes.find((i) => i.name === 'Demo website')!;
  const agent = await signInAgent(browser);
  try {
    const page = agent.page;
    await openSettings(page, 'Inboxes');
    await page.getByRole('row', { name: /Demo website/ }).getByRole('button', { name: 'Edit' }).click();
    const editor = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Demo website' }) });
    const preview = editor.getByRole('img', { name: 'Preview' });
    // The demo inbox's own welcome (the widget used to say "Chat with us" whatever the inbox said).
    await expect(preview).toContainText(demo.welcome_title!);
    const before = await openWidget(browser);
    await expect(before.panel.getByRole('heading', { name: demo.welcome_title! })).toBeVisible();
    await expect(before.panel.getByText(demo.welcome_tagline!)).toBeVisible();
    await before.context.close();
    // Emptied, the preview shows the widget's default.
    await editor.getByLabel('Welcome heading').fill('');
    await expect(preview).toContainText('Chat with us');

    await editor.getByLabel('Widget colour').fill('#0f8a5f');
    await editor.getByLabel('Welcome heading').fill('Alpine help desk');
    await editor.getByLabel('Welcome text').fill('Real people, Monday to Friday');
    await expect(preview).toContainText('Alpine help desk');
    await expect(preview).toContainText('Real people, Monday to Friday');
    await expect(preview.locator('.widget-preview__head')).toHaveCSS('background-color', 'rgb(15, 138, 95)');
    await snap(page, '13-admin-inbox-preview');
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByRole('status')).toHaveText('Saved.');
    // "Edit" on the row whose editor is open leaves it open (it used to close it).
    await page.getByRole('row', { name: /Demo website/ }).getByRole('button', { name: 'Edit' }).click();
    await expect(editor.getByLabel('Welcome heading')).toHaveValue('Alpine help desk');

    const visitor = await openWidget(browser);
    await expect(visitor.panel.getByRole('heading', { name: 'Alpine help desk' })).toBeVisible();
    await expect(visitor.panel.getByText('Real people, Monday to Friday')).toBeVisible();
    await expect(visitor.panel.locator('.head')).toHaveCSS('background-color', 'rgb(15, 138, 95)');
    await visitor.page.mouse.move(0, 0); // off the launcher, which darkens on hover
    await expect(visitor.page.getByRole('button', { name: 'Close chat' }).last()).toHaveCSS('background-color', 'rgb(15, 138, 95)');
    await snap(visitor.page, '13-widget-inbox-look');
    await visitor.context.close();

    // A light colour gets dark text, so that the heading stays readable.
    await admin.call('PATCH', `/api/v1/accounts/${admin.accountId}/inboxes/${demo.id}`, { channel: { widget_color: '#ffe066' } });
    const light = await openWidget(browser);
    await expect(light.panel.locator('.head')).toHaveCSS('background-color', 'rgb(255, 224, 102)');
    await expect(light.panel.locator('.head')).toHaveCSS('color', 'rgb(29, 35, 48)');
    await light.context.close();
  } finally {
    await admin.call('PATCH', `/api/v1/accounts/${admin.accountId}/inboxes/${demo.id}`, {
      channel: { widget_color: demo.widget_color ?? '#2f5bea', welcome_title: demo.welcome_title ?? '', welcome_tagline: demo.welcome_tagline ?? '' },
    });
    await agent.context.close();
  }
});

test('the widget keeps following the conversation after the visitor sends an image', async ({ browser }) => {
  const agent = await signInAgent(browser);
  await setStatus(agent.page, 'Available');
  const visitor = await openWidget(browser);
  await askForPerson(visitor, 'Lena', 'Firn AG');
  await offerCard(agent.page).getByRole('button', { name: 'Accept' }).click();
  await expect(agentMessages(agent.page).getByText('Firn AG', { exact: true })).toBeVisible();

  // Activity lines are written once, in the account's language; each reader gets them in their own.
  const accepted = agentMessages(agent.page).locator('.message--activity').filter({ hasText: /Administrator (accepted|a accepté)/ });
  await expect(accepted).toContainText('accepted');
  const language = agent.page.getByRole('combobox', { name: 'Language' });
  await language.selectOption('fr');
  await expect(accepted).toContainText('a accepté');
  await snap(agent.page, '13-agent-activity-fr');
  await agent.page.getByRole('combobox', { name: 'Langue' }).selectOption('en');
  await expect(accepted).toContainText('accepted');

  // On a phone-wide screen the conversation's buttons sit under its title, not over it.
  await agent.page.setViewportSize({ width: 390, height: 760 });
  const title = await agent.page.locator('.conversation__title h2').boundingBox();
  const actions = await agent.page.locator('.conversation__actions').boundingBox();
  expect(title && actions).toBeTruthy();
  expect(actions!.y >= title!.y + title!.height || actions!.x >= title!.x + title!.width).toBe(true);
  await snap(agent.page, '13-agent-conversation-390');
  await agent.page.setViewportSize({ width: 1280, height: 800 });

  // The visitor pastes a screenshot (the tray above the input shrinks the list) and sends it.
  const input = visitor.panel.getByRole('textbox', { name: 'Your message' });
  await input.evaluate((el, base64) => {
    const data = new DataTransfer();
    data.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], 'shot.png', { type: 'image/png' }));
    el.dispatchEvent(new ClipboardEvent('paste', { bubbles: true, cancelable: true, composed: true, clipboardData: data }));
  }, stripedPng(120, 160, [15, 138, 95], [255, 255, 255]).toString('base64'));
  await input.fill('This one');
  await input.press('Enter');
  await expect(visitor.panel.locator('.msg.visitor .images img')).toHaveCount(1);

  const list = visitor.panel.getByRole('log', { name: 'Messages' });
  for (let i = 1; i <= 8; i++) {
    const reply = `Reply number ${i}: let me check the stock for you.`;
    await agentSend(agent.page, reply);
    await expect(bubbles(visitor, reply)).toBeInViewport();
  }
  const gap = await list.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);
  expect(gap).toBeLessThan(2);

  // Scrolled up to read, the visitor stays where they are while new replies come in.
  await list.evaluate((el) => (el.scrollTop = 0));
  await agentSend(agent.page, 'One more thing.');
  await expect(bubbles(visitor, 'One more thing.')).toHaveCount(1);
  await expect(bubbles(visitor, 'One more thing.')).not.toBeInViewport();
  await snap(visitor.page, '13-widget-scrolled-up');

  await visitorSend(visitor, 'Thanks!');
  await expect(bubbles(visitor, 'Thanks!')).toBeInViewport();
  await agent.page.getByRole('button', { name: 'End', exact: true }).click();
  const dialog = agent.page.getByRole('dialog', { name: 'End the conversation' });
  const reasons = dialog.getByRole('radio');
  if ((await reasons.count()) > 0) await reasons.first().check();
  await dialog.getByRole('button', { name: 'End conversation' }).click();
  const survey = visitor.panel.locator('.msg.agent .bubble').filter({ hasText: 'How satisfied were you' });
  await expect(survey).toBeInViewport();

  await visitorSend(visitor, '5');
  await expectBot(visitor, 'Thank you for your feedback, Lena. Goodbye!');

  // Ended by the bot, nobody has it. Reopened by an agent who can take it: it is theirs, and the workspace says so.
  await agent.page.getByRole('button', { name: 'Reopen' }).click();
  await expect(agent.page.getByRole('status').filter({ hasText: 'Reopened: the conversation is yours.' })).toBeVisible();
  await expect(agent.page.locator('.conversation__chips')).toContainText('Assigned to Administrator');
  await snap(agent.page, '13-agent-reopened');
  await visitor.context.close();
  await agent.context.close();
});

test('when the only agent misses the offer, the visitor hears at once that nobody is free, not at the deadline', async ({ browser }) => {
  const admin = await adminApi();
  const teams = await admin.call<{ id: number; name: string; offer_timeout_seconds: number; handoff_timeout_seconds: number }[]>(
    'GET',
    `/api/v1/accounts/${admin.accountId}/teams`,
  );
  const support = teams.find((t) => t.name === 'Support')!;
  const teamPath = `/api/v1/accounts/${admin.accountId}/teams/${support.id}`;
  const before = { offer_timeout_seconds: support.offer_timeout_seconds, handoff_timeout_seconds: support.handoff_timeout_seconds };
  await admin.call('PATCH', teamPath, { offer_timeout_seconds: 5, handoff_timeout_seconds: 600 });
  try {
    const agent = await signInAgent(browser);
    await setStatus(agent.page, 'Available');
    const visitor = await openWidget(browser);
    await askForPerson(visitor, 'Timo', 'Firn AG');
    await expect(offerCard(agent.page)).toHaveCount(1);
    const started = Date.now();
    // The offer expires after 5 s; the handoff's deadline is 10 minutes away.
    await expect(visitor.panel.locator('.msg.agent .bubble').filter({ hasText: 'Sorry, no colleague is free right now.' })).toBeVisible({
      timeout: 20_000,
    });
    expect(Date.now() - started).toBeLessThan(20_000);
    await snap(visitor.page, '13-widget-no-agent-at-once');
    await setStatus(agent.page, 'Available');
    await visitor.context.close();
    await agent.context.close();
  } finally {
    await admin.call('PATCH', teamPath, before);
  }
});
