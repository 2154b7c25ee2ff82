import { expect, test } from '@playwright/test';
import {
  adminApi,
  agentMessages,
  agentSend,
  askForPerson,
  bubbles,
  expectBot,
  offerCard,
  setStatus,
  signInAgent,
  snap,
  visitorSend,
  openWidget,
} from '../support/helpers';
import { alerts, recordAlerts } from '../support/alerts';

test('demo story → handoff → agent accepts, replies, notes, ends → visitor rates 5', async ({ browser }) => {
  const admin = await adminApi();
  // A wrap-up reason, so the End dialog has one to list.
  await admin.call('POST', `/api/v1/accounts/${admin.accountId}/wrap_up_reasons`, { name: 'Question answered' });

  const agent = await signInAgent(browser, '01-agent-sign-in');
  await recordAlerts(agent.context);
  await agent.page.reload();
  await setStatus(agent.page, 'Available');
  await snap(agent.page, '02-agent-inbox-available');

  const visitor = await openWidget(browser);
  await snap(visitor.page, '03-widget-open');
  await askForPerson(visitor, 'Lena', 'Bergsport AG');
  await snap(visitor.page, '04-widget-waiting');

  // The offer card: visitor's name, the team, a countdown; accept.
  const card = offerCard(agent.page);
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Support');
  await expect(card.getByRole('timer')).toBeVisible();
  await snap(agent.page, '05-agent-offer');
  // The offer asked for attention: a system notification naming the visitor, and the beep.
  await expect.poll(async () => (await alerts(agent.page)).notifications.map((n) => n.title)).toContainEqual(
    expect.stringContaining('Lena'),
  );
  await expect.poll(async () => (await alerts(agent.page)).tones).toBeGreaterThan(0);
  await card.getByRole('button', { name: 'Accept' }).click();
  await expect(card).toHaveCount(0);

  // The conversation opens with the bot part of the history.
  const messages = agentMessages(agent.page);
  await expect(messages.getByText('Bergsport AG', { exact: true })).toBeVisible();
  await expect(agent.page.getByRole('button', { name: 'Hand back to bot' })).toBeVisible();
  await expect(visitor.panel.getByText(/joined/)).toBeVisible();
  // The agent's avatar beside it: the administrator has no picture, so the initial.
  await expect(visitor.panel.locator('.bar .avatar')).toHaveText('A');

  // Messages both ways.
  await agentSend(agent.page, 'Hi Lena, Anna from Support here. How can I help?');
  await expect(bubbles(visitor, 'Hi Lena, Anna from Support here. How can I help?')).toHaveCount(1);
  await visitorSend(visitor, 'Do you have the Eiger boots in size 42?');
  await expect(messages.getByText('Do you have the Eiger boots in size 42?', { exact: true })).toBeVisible();

  // A private note: shown to agents, never to the visitor.
  await agentSend(agent.page, 'Secret: check the warehouse stock', 'Private note');
  await expect(messages.locator('.message--note').getByText('Secret: check the warehouse stock')).toBeVisible();
  await agentSend(agent.page, 'Yes, we have them in stock.');
  await expect(bubbles(visitor, 'Yes, we have them in stock.')).toHaveCount(1);
  await expect(visitor.panel.getByText('Secret: check the warehouse stock')).toHaveCount(0);
  await snap(agent.page, '06-agent-conversation');
  await snap(visitor.page, '07-widget-with-agent');

  // End with a wrap-up reason.
  await agent.page.getByRole('button', { name: 'End', exact: true }).click();
  const dialog = agent.page.getByRole('dialog', { name: 'End the conversation' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Question answered').first().check();
  await snap(agent.page, '08-agent-end-dialog');
  await dialog.getByRole('button', { name: 'End conversation' }).click();
  await expect(dialog).toHaveCount(0);

  // Back with the bot: the satisfaction question; the visitor answers 5.
  await expectBot(visitor, 'How satisfied were you, from 1 (not at all) to 5 (very)?');
  await visitorSend(visitor, '5');
  await expectBot(visitor, 'Thank you for your feedback, Lena. Goodbye!');
  await expect(visitor.panel.getByText('Secret: check the warehouse stock')).toHaveCount(0);
  await snap(visitor.page, '09-widget-survey-answered');

  await visitor.context.close();
  await agent.context.close();
});
