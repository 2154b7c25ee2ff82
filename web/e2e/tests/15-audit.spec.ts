import { expect, test } from '@playwright/test';
import { adminApi, adminEmail, adminPassword, baseUrl, openSettings, snap } from '../support/helpers';

/**
 * An administrator's changes show in Settings → Audit log as sentences, newest first, and the list filters by type
 * and by user (docs/adr/0048).
 */
test('two changes by an administrator show on the audit log page', async ({ browser }) => {
  const admin = await adminApi();
  const me = await admin.call<{ name: string }>('GET', '/api/v1/profile');
  const n = Date.now();
  const team = await admin.call<{ id: number }>('POST', `/api/v1/accounts/${admin.accountId}/teams`, { name: `Audit ${n}` });
  await admin.call('PATCH', `/api/v1/accounts/${admin.accountId}/teams/${team.id}`, { name: `Audited ${n}` });
  await admin.call('POST', `/api/v1/accounts/${admin.accountId}/labels`, { title: `audit-${n}`, color: '#ff0000' });

  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  try {
    await page.goto(`${baseUrl()}/app/`);
    await page.getByLabel('Email').fill(adminEmail());
    await page.getByLabel('Password').fill(adminPassword());
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/conversations/);
    await openSettings(page, 'Audit log');

    const rows = page.locator('tr.audit-entry');
    await expect(rows.first()).toContainText(`${me.name} created the label audit-${n}`);
    const renamed = rows.filter({ hasText: `${me.name} changed the team Audit ${n}` });
    await expect(renamed).toContainText(`name 'Audit ${n}' → 'Audited ${n}'`);
    await expect(rows.filter({ hasText: `${me.name} created the team Audited ${n}` })).toHaveCount(0);
    await expect(rows.filter({ hasText: `${me.name} created the team Audit ${n}` })).toHaveCount(1);
    await snap(page, '76-audit-log');

    await page.getByLabel('Type').selectOption({ label: 'Teams' });
    await expect(rows.first()).toContainText(`changed the team Audit ${n}`);
    await expect(rows.filter({ hasText: 'the label' })).toHaveCount(0);
    await page.getByLabel('By').selectOption({ label: me.name });
    await expect(rows.first()).toContainText(`${me.name} changed the team Audit ${n}`);
  } finally {
    await context.close();
  }
});
