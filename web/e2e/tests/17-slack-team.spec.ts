import { expect, test } from '@playwright/test';
import { adminApi, baseUrl, openSettings, signInAgent, snap } from '../support/helpers';

/**
 * A team's own Slack connection (docs/slack.md#a-teams-own-channel): on the team page, the inbox page's Slack panel
 * connects the team with a pasted bot token (checked with the fake Slack of the global setup) or with "Add to Slack"
 * (the inbox's install flow with the team as its target), and picks its request channel.
 */
test("an administrator connects a team to Slack and picks the team's request channel", async ({ browser }) => {
  const admin = await adminApi();
  const name = `Billing ${Date.now()}`;
  const team = await admin.call<{ id: number }>('POST', `/api/v1/accounts/${admin.accountId}/teams`, { name });
  const { context, page } = await signInAgent(browser);
  try {
    await openSettings(page, 'Teams');
    await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name: 'Edit' }).click();
    await expect(page.getByRole('heading', { name: 'Slack channel' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Add to Slack' })).toBeVisible();

    const tokenForm = page.locator('form', { has: page.getByLabel('Bot token') });
    await tokenForm.getByLabel('Bot token').fill('xoxb-e2e-team-token');
    await tokenForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Connected to Baton E2E.')).toBeVisible();

    const channelForm = page.locator('form', { has: page.getByLabel('Public channel') });
    await channelForm.getByLabel('Public channel').selectOption({ label: '#live-chat' });
    await channelForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Requests go to #live-chat.')).toBeVisible();
    await snap(page, 'slack-team');

    const view = await admin.call<{ payload: { baton_team_id: number; request_channel: { name: string } } }>(
      'GET',
      `/api/v1/accounts/${admin.accountId}/teams/${team.id}/slack`,
    );
    expect(view.payload.baton_team_id).toBe(team.id);
    expect(view.payload.request_channel.name).toBe('live-chat');
  } finally {
    await context.close();
  }
});

test('an administrator adds a team to Slack with the install flow and lands back on the team', async ({ browser }) => {
  const admin = await adminApi();
  const name = `Sales ${Date.now()}`;
  const team = await admin.call<{ id: number }>('POST', `/api/v1/accounts/${admin.accountId}/teams`, { name });
  const { context, page } = await signInAgent(browser);
  try {
    await context.route('https://slack.com/oauth/v2/authorize**', async (route) => {
      // Slack's authorize page, allowed: back to Baton's redirect URI with a code and the state (as in 16-slack-install)
      const url = new URL(route.request().url());
      const back = new URL('/slack/oauth/callback', baseUrl());
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      back.searchParams.set('code', 'e2e-code');
      await route.fulfill({ status: 302, headers: { location: back.toString() } });
    });
    await openSettings(page, 'Teams');
    await page.getByRole('row', { name: new RegExp(name) }).getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('button', { name: 'Add to Slack' }).click();

    await expect(page).toHaveURL(new RegExp(`/settings/teams\\?team=${team.id}&slack=connected`));
    await expect(page.getByText('Baton was added to the Slack workspace.')).toBeVisible();
    await expect(page.getByText('Connected to Baton E2E.')).toBeVisible();
    const channelForm = page.locator('form', { has: page.getByLabel('Public channel') });
    await channelForm.getByLabel('Public channel').selectOption({ label: '#live-chat' });
    await channelForm.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Requests go to #live-chat.')).toBeVisible();
    await snap(page, 'slack-team-added-to-slack');

    const view = await admin.call<{ payload: { baton_team_id: number; status: string } }>(
      'GET',
      `/api/v1/accounts/${admin.accountId}/teams/${team.id}/slack`,
    );
    expect(view.payload).toMatchObject({ baton_team_id: team.id, status: 'active' });
  } finally {
    await context.close();
  }
});
