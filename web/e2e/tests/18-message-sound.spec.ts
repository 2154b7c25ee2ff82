import { expect, test } from '@playwright/test';
import { adminApi, agentMessages, askForPerson, offerCard, openWidget, setStatus, signInAgent, snap, visitorSend } from '../support/helpers';
import { alerts, recordAlerts } from '../support/alerts';

/**
 * The message sound: the agent's workspace plays a tone (a Web Audio oscillator, counted by an init script that
 * wraps OscillatorNode.start) for each new visitor message in their conversation, and none once they switch it off.
 * The visitor's message shown in the workspace is the barrier: the tone would have started with that same event.
 */
test('an agent hears a tone for each visitor message in their conversation, and none with the sound off', async ({ browser }) => {
  const admin = await adminApi();
  const agent = await signInAgent(browser);
  await recordAlerts(agent.context);
  await agent.page.reload();
  await setStatus(agent.page, 'Available');
  const tones = async () => (await alerts(agent.page)).tones;

  const visitor = await openWidget(browser);
  let conversationId = 0;
  try {
    await askForPerson(visitor, 'Sonja', 'Klang AG');
    const card = offerCard(agent.page);
    await card.getByRole('button', { name: 'Accept' }).click();
    await expect(card).toHaveCount(0);
    const messages = agentMessages(agent.page);
    await expect(messages.getByText('Klang AG', { exact: true })).toBeVisible();
    conversationId = Number(/conversations\/(\d+)/.exec(agent.page.url())?.[1]);

    // Sound on (the default): one tone for the visitor's message.
    const before = await tones();
    await visitorSend(visitor, 'Is the Eiger jacket waterproof?');
    await expect(messages.getByText('Is the Eiger jacket waterproof?', { exact: true })).toBeVisible();
    await expect.poll(tones).toBe(before + 1);
    await snap(agent.page, '18-message-sound-on');

    // Sound off under "My preferences": the next visitor message plays nothing.
    await agent.page.getByRole('link', { name: /My preferences/ }).click();
    await agent.page.getByLabel('Play a sound for new visitor messages').setChecked(false);
    await expect(agent.page.getByRole('status').filter({ hasText: 'Saved.' })).toBeVisible();
    await agent.page.goBack();
    await expect(messages.getByText('Is the Eiger jacket waterproof?', { exact: true })).toBeVisible();
    const silent = await tones();
    await visitorSend(visitor, 'And in size M?');
    await expect(messages.getByText('And in size M?', { exact: true })).toBeVisible();
    expect(await tones()).toBe(silent);
  } finally {
    // As it was, for the scenarios that follow: the sound on, the conversation ended.
    await admin.call('PUT', '/api/v1/profile', { sound_on_new_message: true }).catch(() => undefined);
    if (conversationId) {
      await admin.call('POST', `/api/v1/accounts/${admin.accountId}/conversations/${conversationId}/toggle_status`, {}).catch(() => undefined);
    }
    await visitor.context.close();
    await agent.context.close();
  }
});
