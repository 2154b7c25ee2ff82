import { expect, test } from '@playwright/test';
import { adminApi, expectBot, openSettings, openWidget, signInAgent, snap } from '../support/helpers';

test('outside business hours the widget says when people are back, and "Talk to a person" takes the story’s closed path at once', async ({
  browser,
}) => {
  const admin = await adminApi();
  const base = `/api/v1/accounts/${admin.accountId}`;
  const account = (await admin.call('GET', base)) as { time_zone: string };
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: account.time_zone }).format(new Date()); // yyyy-mm-dd
  const teams = (await admin.call('GET', `${base}/teams`)) as { id: number; name: string }[];
  const support = teams.find((t) => t.name === 'Support')!;
  const agent = await signInAgent(browser);
  try {
    // The administrator gives the demo team business hours (Monday to Friday, 09:00 to 17:00) and makes today a holiday.
    const page = agent.page;
    await openSettings(page, 'Teams');
    await page.getByRole('row', { name: /Support/ }).getByRole('button', { name: 'Edit' }).click();
    const editor = page.locator('form').filter({ has: page.getByRole('heading', { name: 'Support' }) });
    await editor.getByLabel('Keep business hours').check();
    await expect(editor.getByLabel('Monday opens')).toHaveValue('09:00');
    await editor.getByLabel('Friday closes').fill('02:00');
    await expect(editor.getByText('runs past midnight')).toBeVisible();
    await editor.getByLabel('Friday closes').fill('17:00');
    await editor.getByLabel('Holidays').fill(today);
    await editor.getByRole('button', { name: 'Save' }).click();
    await expect(editor.getByRole('status')).toHaveText('Saved.');
    await snap(page, '70-admin-team-business-hours');

    // The visitor sees that people are away before asking ...
    const visitor = await openWidget(browser);
    await expectBot(visitor, "What's your first name?");
    const talk = visitor.panel.getByRole('button', { name: 'Talk to a person' });
    await expect(talk).toBeVisible();
    const notice = visitor.panel.getByText(/^We are closed\. Back (today|on .+) at \d\d:\d\d\.$/);
    await expect(notice).toBeVisible();
    await snap(visitor.page, '71-widget-closed-before-asking');

    // ... and asking anyway ends at once (the team's deadline is 60 s): the demo story's closed path asks for the e-mail.
    await talk.click();
    await expectBot(visitor, 'We are closed right now. What is your e-mail address? We will get back to you when we are back.');
    await expect(notice).toBeVisible();
    await snap(visitor.page, '72-widget-closed-after-asking');
    await visitor.context.close();

    // The account's default hours, for queues without their own, sit in Settings → Account (shown, not saved here).
    await openSettings(page, 'Account');
    const accountForm = page.locator('form');
    await accountForm.getByLabel('Keep business hours').check();
    await expect(accountForm.getByLabel('Saturday closes')).toHaveCount(0); // closed by default
    await expect(accountForm.getByLabel('Monday closes')).toHaveValue('17:00');
    await snap(page, '73-admin-account-business-hours');
  } finally {
    await admin.call('PATCH', `${base}/teams/${support.id}`, { working_hours_enabled: false, holidays: [] });
    await agent.context.close();
  }
});
