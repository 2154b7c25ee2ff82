import { expect, test } from '@playwright/test';
import {
  type NetworkSwitch,
  agentMessages,
  agentSend,
  askForPerson,
  bubbles,
  offerCard,
  networkSwitch,
  openWidget,
  setStatus,
  signInAgent,
  snap,
  visitorSend,
} from '../support/helpers';

test('widget offline for a while and back: every message arrives once', async ({ browser }) => {
  const agent = await signInAgent(browser);
  await setStatus(agent.page, 'Available');

  const visitor = await openWidget(browser, undefined, (context) => networkSwitch(context));
  const network = visitor.extra as NetworkSwitch;
  await askForPerson(visitor, 'Marco', 'private');
  const card = offerCard(agent.page);
  await expect(card).toHaveCount(1);
  await card.getByRole('button', { name: 'Accept' }).click();
  const messages = agentMessages(agent.page);

  await visitorSend(visitor, 'My train goes into a tunnel soon.');
  await expect(messages.getByText('My train goes into a tunnel soon.', { exact: true })).toBeVisible();

  // The visitor's network drops; the agent writes twice meanwhile.
  await network.down();
  await expect(visitor.panel.getByRole('status').filter({ hasText: 'Reconnecting…' })).toBeVisible();
  await snap(visitor.page, '10-widget-offline');
  await agentSend(agent.page, 'No problem, I will write down the details.');
  await agentSend(agent.page, 'Your order number is 4711.');
  await visitor.page.waitForTimeout(2_000);
  await expect(bubbles(visitor, 'Your order number is 4711.')).toHaveCount(0);

  // Back online: both messages, once each, in order.
  await network.up();
  await expect(bubbles(visitor, 'No problem, I will write down the details.')).toHaveCount(1);
  await expect(bubbles(visitor, 'Your order number is 4711.')).toHaveCount(1);
  await expect(visitor.panel.getByRole('status').filter({ hasText: 'Reconnecting…' })).toBeHidden();
  const texts = await visitor.panel.locator('.msg .bubble').allInnerTexts();
  expect(texts.filter((t) => t === 'No problem, I will write down the details.')).toHaveLength(1);
  expect(texts.indexOf('No problem, I will write down the details.')).toBeLessThan(texts.indexOf('Your order number is 4711.'));
  await snap(visitor.page, '11-widget-back-online');

  // The line still works both ways after the reconnect.
  await visitorSend(visitor, 'Thanks, I am back!');
  await expect(messages.getByText('Thanks, I am back!', { exact: true })).toBeVisible();
  await expect(bubbles(visitor, 'Your order number is 4711.')).toHaveCount(1);

  await agent.page.getByRole('button', { name: 'End', exact: true }).click();
  await agent.page.getByRole('dialog', { name: 'End the conversation' }).getByRole('button', { name: 'End conversation' }).click();
  await visitor.context.close();
  await agent.context.close();
});
