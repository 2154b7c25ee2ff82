import { expect, test } from '@playwright/test';
import { adminApi, baseUrl, signInAgent, snap } from '../support/helpers';

/**
 * The Reports screen as an administrator reads it: key figures that agree with the API, the per-day chart
 * with its table, the busiest hours, the agents' table, filters kept in the address, and a CSV download.
 */
test('reports show the period’s figures beside their tables, filter and export as CSV', async ({ browser }) => {
  const admin = await adminApi();
  const account = `/api/v1/accounts/${admin.accountId}`;
  const inboxes = await admin.call('GET', `${account}/inboxes`);
  const token: string = inboxes.payload[0].website_token;
  const publicApi = async (path: string, body: unknown) => {
    const res = await fetch(`${baseUrl()}/public/api/v1/inboxes/${token}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  for (const name of ['Report Rita', 'Report Rolf']) {
    const visitor = await publicApi('/contacts', { name });
    const conversation = await publicApi(`/contacts/${visitor.source_id}/conversations`, {});
    await publicApi(`/contacts/${visitor.source_id}/conversations/${conversation.id}/messages`, { content: 'Do you ship to Ticino?' });
  }

  const agent = await signInAgent(browser);
  const page = agent.page;
  try {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Reports' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Reports' })).toBeVisible();
    const filters = page.getByRole('form', { name: 'Report filters' });
    const from = await filters.getByLabel('From', { exact: true }).inputValue();
    const to = await filters.getByLabel('To', { exact: true }).inputValue();
    const zone = await filters.getByLabel('Time zone').inputValue();
    await expect.poll(async () => (await admin.call('GET',
      `${account}/reports/summary?from=${from}&to=${to}&timezone=${encodeURIComponent(zone)}`)).conversations).toBeGreaterThanOrEqual(2);
    const api = await admin.call('GET', `${account}/reports/summary?from=${from}&to=${to}&timezone=${encodeURIComponent(zone)}`);

    const figures = page.getByRole('region', { name: 'Key figures' });
    await page.reload();
    await expect(figures.locator('.reports__figure').filter({ hasText: 'Conversations' }).locator('.reports__figure-value'))
      .toHaveText(String(api.conversations));
    await expect(figures).toContainText('From the agent’s acceptance or the reopen, never bot time');

    const perDay = page.getByRole('region', { name: 'Conversations per day' });
    await expect(perDay.locator('canvas')).toBeVisible();
    const dayTotal = await perDay.locator('tbody td.num').allTextContents();
    expect(dayTotal.reduce((sum, v) => sum + Number(v), 0)).toBe(api.conversations);
    await expect(page.getByRole('table', { name: 'Busiest hours (conversations started)' }).locator('td').filter({ hasText: /\d/ }))
      .not.toHaveCount(0);
    await expect(page.getByRole('region', { name: 'Handoffs by outcome' }).getByRole('row', { name: /No agent/ })).toBeVisible();
    await snap(page, '60-reports');
    await page.getByRole('region', { name: 'Agents' }).scrollIntoViewIfNeeded();
    await snap(page, '60b-reports-hours-agents');

    // The CSV of the agents' table
    const download = page.waitForEvent('download');
    await page.getByRole('region', { name: 'Agents' }).getByRole('link', { name: 'CSV' }).click();
    const file = await (await download).path();
    const text = (await import('node:fs')).readFileSync(file, 'utf8');
    expect(text.replace(/^\uFEFF/, '').split('\r\n')[0]).toContain('agent_id');

    // A filter goes to the address and narrows the figures: a team without conversations shows none.
    const team = await admin.call('POST', `${account}/teams`, { name: `Empty ${Date.now()}` });
    await page.reload();
    await filters.getByLabel('Team').selectOption({ label: team.name });
    await expect(page).toHaveURL(new RegExp(`team_id=${team.id}`));
    await expect(figures.locator('.reports__figure').filter({ hasText: 'Conversations' }).locator('.reports__figure-value'))
      .toHaveText('0');
    await snap(page, '61-reports-filtered');
  } finally {
    await agent.context.close();
  }
});
