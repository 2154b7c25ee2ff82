import { expect, test } from '@playwright/test';
import {
  adminApi,
  agentSend,
  bubbles,
  expectBot,
  offerCard,
  openWidget,
  setStatus,
  signInAgent,
  snap,
  visitorSend,
} from '../support/helpers';

test('the visitor asks for a person from the widget mid-story; after the chat the story goes on with the survey', async ({
  browser,
}) => {
  const admin = await adminApi();
  await admin.call('POST', `/api/v1/accounts/${admin.accountId}/wrap_up_reasons`, { name: 'Asked for a person' });
  const agent = await signInAgent(browser);
  await setStatus(agent.page, 'Available');

  // The bot greets and asks for a name; the visitor would rather talk to someone.
  const visitor = await openWidget(browser);
  await expectBot(visitor, "What's your first name?");
  const talk = visitor.panel.getByRole('button', { name: 'Talk to a person' });
  await expect(talk).toBeVisible();
  await snap(visitor.page, '50-widget-talk-to-a-person');
  await talk.click();
  await expect(talk).toBeHidden();
  await expect(visitor.panel.getByText(/Waiting for a person|in the queue/)).toBeVisible();

  const card = offerCard(agent.page);
  await expect(card).toHaveCount(1);
  await card.getByRole('button', { name: 'Accept' }).click();
  await expect(visitor.panel.getByText('Administrator joined', { exact: true })).toBeVisible();
  await expect(visitor.panel.getByRole('button', { name: 'Back to the bot' })).toBeVisible();

  await agentSend(agent.page, 'Hello, how can I help?');
  await expect(bubbles(visitor, 'Hello, how can I help?')).toHaveCount(1);
  // Written to the agent, not an answer to the bot's open question.
  await visitorSend(visitor, 'Just checking in');

  await agent.page.getByRole('button', { name: 'End', exact: true }).click();
  const dialog = agent.page.getByRole('dialog', { name: 'End the conversation' });
  await dialog.getByLabel('Asked for a person').first().check();
  await dialog.getByRole('button', { name: 'End conversation' }).click();
  await expect(dialog).toHaveCount(0);

  // The story's handoff step's "handled" exit: the survey.
  await expectBot(visitor, 'How satisfied were you, from 1 (not at all) to 5 (very)?');
  await visitorSend(visitor, '4');
  await expectBot(visitor, /Thank you for your feedback/);

  await visitor.context.close();
  await agent.context.close();
});
