import { expect, test } from '@playwright/test';
import { adminApi, askForPerson, offerCard, openWidget, routingStatus, setStatus, signInAgent, snap, statusRadio } from '../support/helpers';

test('RONA: an offer left to expire puts the agent on "missed an offer"; one click makes them available', async ({ browser }) => {
  const admin = await adminApi();
  const teams = await admin.call<{ id: number; name: string; offer_timeout_seconds: number; handoff_timeout_seconds: number }[]>(
    'GET',
    `/api/v1/accounts/${admin.accountId}/teams`,
  );
  const support = teams.find((t) => t.name === 'Support');
  expect(support, 'the demo team "Support"').toBeTruthy();
  const before = { offer_timeout_seconds: support!.offer_timeout_seconds, handoff_timeout_seconds: support!.handoff_timeout_seconds };
  const teamPath = `/api/v1/accounts/${admin.accountId}/teams/${support!.id}`;
  const patched = await admin.call('PATCH', teamPath, { offer_timeout_seconds: 5, handoff_timeout_seconds: 30 });
  expect(patched).toMatchObject({ offer_timeout_seconds: 5, handoff_timeout_seconds: 30 });

  try {
    const agent = await signInAgent(browser);
    await setStatus(agent.page, 'Available');

    const visitor = await openWidget(browser);
    await askForPerson(visitor, 'Sophie', 'Gipfel GmbH');

    // The offer arrives and the agent does nothing.
    const card = offerCard(agent.page);
    await expect(card).toHaveCount(1);
    await snap(agent.page, '15-agent-offer-countdown');

    // After 5 s: gone, and the agent is RONA (no new offers until available again).
    const banner = agent.page.getByRole('alert').filter({ hasText: 'You missed an offer' });
    await expect(banner).toBeVisible({ timeout: 20_000 });
    await expect(card).toHaveCount(0);
    await expect(agent.page.getByText('Missed an offer', { exact: true })).toBeVisible();
    await expect(statusRadio(agent.page, 'Available')).toHaveAttribute('aria-checked', 'false');
    expect(await routingStatus(admin)).toBe('rona');
    await snap(agent.page, '16-agent-rona');

    // One click: available again.
    await banner.getByRole('button', { name: 'Set me available' }).click();
    await expect(banner).toBeHidden();
    await expect(statusRadio(agent.page, 'Available')).toHaveAttribute('aria-checked', 'true');
    await expect.poll(() => routingStatus(admin)).toBe('available');
    await snap(agent.page, '17-agent-available-again');

    // Leave no waiting handoff behind for the agent who is available again. Depending on timing,
    // Baton has already ended it with no_agent (the only member was RONA), or the visitor still
    // waits and "Back to the bot" ends it (the story's declined path).
    const back = visitor.panel.getByRole('button', { name: 'Back to the bot' });
    const noAgent = visitor.panel.locator('.msg.agent .bubble').filter({ hasText: 'Sorry, no colleague is free right now.' });
    await expect(back.or(noAgent).first()).toBeVisible();
    if (await back.isVisible()) {
      await back.click();
      await expect(
        visitor.panel.locator('.msg.agent .bubble').filter({ hasText: /No problem, I'm still here for you\.|Sorry, no colleague is free right now\./ }).first(),
      ).toBeVisible();
    }
    await snap(visitor.page, '18-widget-after-rona');
    await expect(card).toHaveCount(0);

    await visitor.context.close();
    await agent.context.close();
  } finally {
    await admin.call('PATCH', teamPath, before);
  }
});
