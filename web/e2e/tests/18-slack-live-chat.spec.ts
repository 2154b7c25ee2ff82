import { expect, test } from '@playwright/test';
import { adminApi, adminEmail, askForPerson, bubbles, expectBot, openWidget, snap, visitorSend } from '../support/helpers';
import { stripedPng } from '../support/images';
import { slackClick, slackFile, slackSay, slackState, slackUser, type SlackMessage } from '../support/slack';

/**
 * Seed 000 end to end (issue 13, docs/slack.md): the demo inbox is connected to the fake Slack of the global setup
 * with #live-chat as its request channel. A visitor asks for a person in the real widget; the request appears in
 * #live-chat with Accept and Decline; a Slack user (whose e-mail is the administrator's) accepts; Baton creates the
 * conversation's channel, invites them and posts the context; both sides write (an image from Slack shows in the
 * widget); "End chat" in Slack ends the chat in the widget (the story's survey) and archives the channel. A second
 * visitor's request is declined: the widget goes down the story's no-agent path.
 */

const requests = 'CE2E1';

async function until<T>(what: string, get: () => Promise<T | undefined>): Promise<T> {
  let found: T | undefined;
  await expect.poll(async () => (found = await get()) !== undefined, { message: what, timeout: 20_000 }).toBe(true);
  return found!;
}

/** The newest request in #live-chat after `seen` messages, and the handoff id its buttons carry. */
async function nextRequest(seen: number): Promise<{ message: SlackMessage; handoff: string; buttons: string[] }> {
  const message = await until('a request in #live-chat', async () =>
    (await slackState()).messages.filter((m) => m.channel === requests).slice(seen).find((m) => m.blocks?.includes('lc_accept')));
  const actions = (JSON.parse(message.blocks!) as { type: string; elements?: { action_id: string; value: string; text: { text: string } }[] }[])
    .find((b) => b.type === 'actions')!.elements!;
  return { message, handoff: actions[0]!.value, buttons: actions.map((a) => a.text.text) };
}

test('a visitor is answered from Slack: request, accept, channel, both ways with an image, End chat; a declined request', async ({ browser }) => {
  const admin = await adminApi();
  const a = `/api/v1/accounts/${admin.accountId}`;
  const inboxes = await admin.call<{ payload: { id: number; name: string }[] }>('GET', `${a}/inboxes`);
  const demo = inboxes.payload.find((i) => i.name === 'Demo website')!;
  await admin.call('PUT', `${a}/inboxes/${demo.id}/slack`, { bot_token: 'xoxb-e2e-token' });
  await admin.call('PUT', `${a}/inboxes/${demo.id}/slack/channel`, { channel_id: requests });
  const sam = await slackUser('Sam', adminEmail()); // the administrator, in Slack
  const before = (await slackState()).messages.filter((m) => m.channel === requests).length;

  const visitor = await openWidget(browser);
  try {
    await askForPerson(visitor, 'Vera', 'Acme');
    await snap(visitor.page, 'slack-01-widget-waiting');

    // The request, with the visitor's inputs and the two buttons.
    const request = await nextRequest(before);
    expect(request.buttons).toEqual(['Accept', 'Decline']);
    expect(request.message.text).toContain('Vera would like to chat with a person');
    expect(request.message.blocks).toContain('Acme');

    // Sam accepts: a channel for the conversation, Sam invited, the context posted, the request updated.
    expect(await slackClick(sam, requests, request.message.ts, 'lc_accept', request.handoff)).toBe(200);
    // The invitation is Slack call of its own after the channel's creation: wait for both.
    const room = await until('the conversation channel with Sam invited', async () =>
      (await slackState()).channels.find((c) => c.name.startsWith('chat-vera-') && !c.archived && c.members.includes(sam.id)));
    expect(room.members).toContain(sam.id);
    const context = await until('the context message', async () =>
      (await slackState()).messages.find((m) => m.channel === room.id && m.blocks?.includes('lc_end')));
    expect(context.text).toContain('*Vera* wants to chat.');
    expect(context.text).toContain('Before the handoff');
    await until('the request updated', async () => {
      const updated = (await slackState()).messages.find((m) => m.ts === request.message.ts);
      return updated?.text.startsWith(`Accepted by <@${sam.id}> → <#${room.id}>`) ? updated : undefined;
    });
    await expect(visitor.panel.getByText('Administrator joined', { exact: true })).toBeVisible();
    await snap(visitor.page, 'slack-02-widget-accepted');

    // The visitor writes: it arrives in the channel, escaped.
    await visitorSend(visitor, 'My parcel <12> has not arrived');
    await until('the visitor message in Slack', async () =>
      (await slackState()).messages.find((m) => m.channel === room.id && m.text === 'My parcel &lt;12&gt; has not arrived'));

    // Sam answers, then shares an image: both reach the widget, in order.
    expect(await slackSay(sam, room.id, 'Let me check that for you')).toBe(200);
    await expect(bubbles(visitor, 'Let me check that for you')).toHaveCount(1);
    const label = await slackFile('label.png', 'image/png', stripedPng(160, 90, [37, 99, 235], [250, 204, 21]));
    expect(await slackSay(sam, room.id, 'Here is your new label', { subtype: 'file_share', files: [label] })).toBe(200);
    expect(await slackSay(sam, room.id, 'It ships tomorrow')).toBe(200);
    const withImage = visitor.panel.locator('.msg').filter({ hasText: 'Here is your new label' });
    await expect(withImage.locator('img')).toBeVisible();
    await expect.poll(() => withImage.locator('img').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(160);
    await expect(bubbles(visitor, 'It ships tomorrow')).toHaveCount(1);
    const texts = await visitor.panel.locator('.msg .bubble').allInnerTexts();
    const at = (s: string) => texts.findIndex((t) => t.includes(s));
    expect(at('Let me check that for you')).toBeLessThan(at('Here is your new label'));
    expect(at('Here is your new label')).toBeLessThan(at('It ships tomorrow'));
    await snap(visitor.page, 'slack-03-widget-relay-with-image');

    // End chat in Slack: the story's "handled" path (the survey), and the channel archived.
    const end = (JSON.parse(context.blocks!) as { type: string; elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'lc_end')!;
    expect(await slackClick(sam, room.id, context.ts, 'lc_end', end.value)).toBe(200);
    await expectBot(visitor, 'How satisfied were you, from 1 (not at all) to 5 (very)?');
    await until('the channel archived', async () => ((await slackState()).channels.find((c) => c.id === room.id)?.archived ? true : undefined));
    await snap(visitor.page, 'slack-04-widget-ended-survey');
  } finally {
    await visitor.context.close();
  }

  // A second visitor; Sam declines: the story's no-agent path.
  const seen = (await slackState()).messages.filter((m) => m.channel === requests).length;
  const second = await openWidget(browser);
  try {
    await askForPerson(second, 'Otto', 'private');
    const request = await nextRequest(seen);
    expect(await slackClick(sam, requests, request.message.ts, 'lc_decline', request.handoff)).toBe(200);
    await expectBot(second, 'Sorry, no colleague is free right now. What is your e-mail address?');
    await until('the request updated', async () => {
      const updated = (await slackState()).messages.find((m) => m.ts === request.message.ts);
      return updated?.text.startsWith(`Declined by <@${sam.id}>`) ? updated : undefined;
    });
    await snap(second.page, 'slack-05-widget-declined-no-agent');
  } finally {
    await second.context.close();
    await admin.call('DELETE', `${a}/inboxes/${demo.id}/slack`);
  }
});
