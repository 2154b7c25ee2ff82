import { expect, test } from '@playwright/test';
import {
  adminApi,
  agentMessages,
  agentSend,
  askForPerson,
  bubbles,
  expectBot,
  offerCard,
  openWidget,
  setStatus,
  signInAgent,
  snap,
  visitorSend,
} from '../support/helpers';

test('labels, a declined invitation, then a transfer with a note to a second agent, who accepts and answers the visitor', async ({ browser }) => {
  const admin = await adminApi();
  const a = `/api/v1/accounts/${admin.accountId}`;

  // A second agent: licensed, in the demo team and the demo inbox.
  const account = await admin.call<{ licence_seats: number; licences_used: number }>('GET', a);
  if (account.licences_used >= account.licence_seats) {
    await admin.call('PATCH', a, { licence_seats: account.licences_used + 1 });
  }
  const nora = { email: `nora-${Date.now()}@baton.local`, password: 'Nora-e2e-secret-42' };
  const created = await admin.call<{ id: number }>('POST', `${a}/agents`, {
    name: 'Nora Keller',
    display_name: 'Nora',
    email: nora.email,
    password: nora.password,
    role: 'agent',
    licensed: true,
  });
  const teams = await admin.call<{ id: number; name: string }[]>('GET', `${a}/teams`);
  const support = teams.find((t) => t.name === 'Support');
  expect(support, 'the demo team "Support"').toBeTruthy();
  const inboxes = await admin.call<{ payload: { id: number; name: string }[] }>('GET', `${a}/inboxes`);
  const demo = inboxes.payload.find((i) => i.name === 'Demo website');
  expect(demo, 'the demo inbox').toBeTruthy();
  await admin.call('POST', `${a}/teams/${support!.id}/team_members`, { user_ids: [created.id] });
  await admin.call('POST', `${a}/inbox_members`, { inbox_id: demo!.id, user_ids: [created.id] });
  // An account label to pick in the conversation.
  const labels = await admin.call<{ payload: { title: string }[] }>('GET', `${a}/labels`);
  if (!labels.payload.some((l) => l.title === 'vip')) {
    await admin.call('POST', `${a}/labels`, { title: 'vip', description: 'Important customer', color: '#d97706' });
  }

  const first = await signInAgent(browser);
  const second = await signInAgent(browser, undefined, nora);
  try {
    await setStatus(first.page, 'Available');
    // Nora stays away for now, so the visitor's offer goes to the administrator.
    await setStatus(second.page, 'Away');

    const visitor = await openWidget(browser);
    await askForPerson(visitor, 'Pia', 'Seilbahn AG');
    const card = offerCard(first.page);
    await expect(card).toHaveCount(1);
    await card.getByRole('button', { name: 'Accept' }).click();
    await expect(agentMessages(first.page).getByText('Seilbahn AG', { exact: true })).toBeVisible();
    await expect(visitor.panel.getByText(/joined/)).toBeVisible();

    // A label from the account's list: shown at once, and kept by the server.
    const bar = first.page.getByRole('toolbar', { name: 'Conversation actions' });
    await expect(bar).toBeVisible();
    await bar.getByLabel('Add a label').selectOption('vip');
    await expect(bar.getByRole('button', { name: 'Remove the label vip' })).toBeVisible();
    const conversationId = Number(/conversations\/(\d+)/.exec(first.page.url())?.[1]);
    expect(conversationId).toBeGreaterThan(0);
    await expect
      .poll(async () => (await admin.call<{ payload: string[] }>('GET', `${a}/conversations/${conversationId}/labels`)).payload)
      .toEqual(['vip']);
    // ... and in the conversation list too.
    await expect(first.page.locator('.conversation-item .chip--label', { hasText: 'vip' })).toHaveCount(1);
    await snap(first.page, '19-agent-actions-bar');

    // Nora becomes available. First an invitation to join, which she declines: the administrator is told.
    await setStatus(second.page, 'Available');
    await bar.getByRole('button', { name: 'Invite…' }).click();
    const invite = first.page.getByRole('dialog', { name: 'Invite a colleague' });
    await invite.getByRole('radio', { name: /Nora/ }).check();
    await invite.getByRole('button', { name: 'Invite', exact: true }).click();
    await expect(invite).toHaveCount(0);
    const invitation = offerCard(second.page);
    await expect(invitation).toContainText(/invites you to join this conversation/);
    await invitation.getByRole('button', { name: 'Decline' }).click();
    await expect(invitation).toHaveCount(0);
    await expect(first.page.getByRole('alert').filter({ hasText: /Nora declined your invitation/ })).toBeVisible();

    // Then a transfer to her, with a note.
    await bar.getByRole('button', { name: 'Transfer…' }).click();
    const dialog = first.page.getByRole('dialog', { name: 'Transfer the conversation' });
    await expect(dialog).toBeVisible();
    const noraOption = dialog.getByRole('radio', { name: /Nora/ });
    await expect(noraOption).toBeEnabled();
    // Her status and load, read afresh: the declined invitation no longer counts (0 of 3).
    await expect(dialog.locator('.agent-option', { hasText: 'Nora' })).toContainText('Available');
    await expect(dialog.locator('.agent-option', { hasText: 'Nora' })).toContainText('0/3');
    await noraOption.check();
    await dialog.getByLabel('Note for your colleague (optional)').fill('VIP customer: wants the Eiger boots in 42.');
    await snap(first.page, '20-agent-transfer-dialog');
    await dialog.getByRole('button', { name: 'Transfer', exact: true }).click();
    await expect(dialog).toHaveCount(0);
    await expect(first.page.getByText(/Transfer offered to Nora/)).toBeVisible();

    // Nora's card says it is a transfer, from whom, with the note.
    const noraCard = offerCard(second.page);
    await expect(noraCard).toHaveCount(1);
    await expect(noraCard).toContainText('Transfer');
    await expect(noraCard).toContainText(/transfers this conversation to you/);
    await expect(noraCard).toContainText('VIP customer: wants the Eiger boots in 42.');
    await snap(second.page, '21-second-agent-transfer-offer');
    await noraCard.getByRole('button', { name: 'Accept' }).click();
    await expect(noraCard).toHaveCount(0);

    // Accepting opens the conversation with its history; she answers, the visitor sees it.
    await expect(agentMessages(second.page).getByText('Seilbahn AG', { exact: true })).toBeVisible();
    await expect(second.page.getByRole('button', { name: 'Remove the label vip' })).toBeVisible();
    await expect(visitor.panel.getByText('Nora joined')).toBeVisible();
    await agentSend(second.page, 'Hi Pia, Nora here. Size 42 is in stock.');
    await expect(bubbles(visitor, 'Hi Pia, Nora here. Size 42 is in stock.')).toHaveCount(1);
    await expect(first.page.getByText('Assigned to Nora', { exact: true })).toBeVisible();
    await snap(second.page, '22-second-agent-conversation');
    await snap(visitor.page, '23-widget-after-transfer');

    // Nora ends it; the visitor answers the survey, so nothing is left open.
    await second.page.getByRole('button', { name: 'End', exact: true }).click();
    const end = second.page.getByRole('dialog', { name: 'End the conversation' });
    await end.getByRole('button', { name: 'End conversation' }).click();
    await expect(end).toHaveCount(0);
    await expectBot(visitor, 'How satisfied were you, from 1 (not at all) to 5 (very)?');
    await visitorSend(visitor, '5');
    await expectBot(visitor, 'Thank you for your feedback, Pia. Goodbye!');
    await visitor.context.close();
  } finally {
    // Later scenarios expect the administrator to be the demo team's only agent.
    await setStatus(second.page, 'Offline').catch(() => undefined);
    await second.context.close();
    await admin.call('DELETE', `${a}/teams/${support!.id}/team_members`, { user_ids: [created.id] });
    await admin.call('DELETE', `${a}/inbox_members`, { inbox_id: demo!.id, user_ids: [created.id] });
    await first.context.close();
  }
});
