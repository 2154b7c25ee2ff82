import { expect, test } from '@playwright/test';
import { baseUrl, signInAgent, snap } from '../support/helpers';

/**
 * "Add to Slack" in Settings → Slack (docs/slack.md#add-to-slack): the button opens Slack's authorize page, which
 * this test plays (Cancel, then Allow) by sending the browser back to Baton's redirect URL with the state; Baton
 * exchanges the code with the fake Slack of the global setup and the page shows the workspace.
 */
test('an administrator adds Baton to Slack: cancelled first, then allowed', async ({ browser }) => {
  const { context, page } = await signInAgent(browser);
  try {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Slack', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Slack live chat' })).toBeVisible();
    const add = page.getByRole('button', { name: 'Add to Slack' });
    await expect(add).toBeVisible();
    await snap(page, 'slack-add-to-slack');

    let allow = false;
    const asked: URL[] = [];
    await context.route('https://slack.com/oauth/v2/authorize**', async (route) => {
      const url = new URL(route.request().url());
      asked.push(url);
      // Slack redirects to redirect_uri; the browser reaches Baton at 127.0.0.1, while Baton without
      // baton.public-url names itself localhost: same server, and the session cookie is 127.0.0.1's.
      expect(new URL(url.searchParams.get('redirect_uri') ?? '').pathname).toBe('/slack/oauth/callback');
      const back = new URL('/slack/oauth/callback', baseUrl());
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      back.searchParams.set(allow ? 'code' : 'error', allow ? 'e2e-code' : 'access_denied');
      await route.fulfill({ status: 302, headers: { location: back.toString() } });
    });

    await add.click();
    await expect(page.getByRole('alert')).toContainText('The installation was cancelled in Slack');
    expect(asked[0].searchParams.get('client_id')).toBe('e2e-client-id');
    expect(asked[0].searchParams.get('scope')?.split(',')).toContain('channels:manage');
    await expect(page.getByRole('button', { name: 'Add to Slack' })).toBeVisible();
    await snap(page, 'slack-install-cancelled');

    allow = true;
    await page.getByRole('button', { name: 'Add to Slack' }).click();
    await expect(page.getByText('Baton was added to the Slack workspace.')).toBeVisible();
    await expect(page.getByText('Connected to Baton E2E.')).toBeVisible();
    await expect(page.getByRole('option', { name: '#live-chat' })).toBeAttached();
    await snap(page, 'slack-install-connected');
  } finally {
    await context.close();
  }
});
