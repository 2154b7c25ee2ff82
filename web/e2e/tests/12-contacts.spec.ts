import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { adminApi, baseUrl, signInAgent, snap } from '../support/helpers';

/**
 * The Contacts screen as an administrator uses it: search, a CSV import with its column mapping and error
 * report, a filter by custom attribute, a contact's page, and merging a website visitor into the known contact.
 */

async function openContacts(page: Page): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Contacts' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Contacts' })).toBeVisible();
}

const rows = (page: Page) => page.locator('table.contacts__table tbody tr');

test('search, import with mapping, filter, open a contact and merge a duplicate', async ({ browser }) => {
  const admin = await adminApi();
  const account = `/api/v1/accounts/${admin.accountId}`;
  await admin.call('POST', `${account}/labels`, { title: 'key-account', color: '#d97706' });
  await admin.call('POST', `${account}/custom_attribute_definitions`, {
    attribute_display_name: 'Topic', attribute_key: 'topic', attribute_model: 0, attribute_display_type: 6,
    attribute_values: ['Billing', 'Shipping'],
  });
  const ada = await admin.call('POST', `${account}/contacts`, { name: 'Ada Keller', email: 'ada@keller.example' });
  const adaId: number = ada.payload.contact.id;
  // Ada also wrote on the website before signing in: an anonymous contact of her own, with a conversation.
  const inboxes = await admin.call('GET', `${account}/inboxes`);
  const token: string = inboxes.payload[0].website_token;
  const publicApi = async (path: string, body: unknown) => {
    const res = await fetch(`${baseUrl()}/public/api/v1/inboxes/${token}${path}`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const visitor = await publicApi('/contacts', { name: 'Ada (website)' });
  const conversation = await publicApi(`/contacts/${visitor.source_id}/conversations`, {});
  // The demo story asks for a first name and writes it to the contact (contact_field); a number is no first name, so
  // this message leaves "Ada (website)" as it is.
  await publicApi(`/contacts/${visitor.source_id}/conversations/${conversation.id}/messages`, {
    content: 'Where is my kayak order 4711?',
  });

  const agent = await signInAgent(browser);
  const page = agent.page;
  try {
    // The administrator defines a list attribute in the settings; Ada gets a value through the API.
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'Custom attributes', exact: true }).click();
    await page.getByRole('button', { name: 'New attribute' }).click();
    const form = page.locator('form').filter({ has: page.getByRole('heading', { name: 'New attribute' }) });
    await form.getByLabel('Name').fill('Plan');
    await form.getByLabel('Type').selectOption({ label: 'List' });
    await form.getByLabel('List values').fill('gold\nsilver');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByRole('row').filter({ hasText: 'Plan' })).toContainText('plan');
    await snap(page, '49-settings-custom-attributes');
    await admin.call('PATCH', `${account}/contacts/${adaId}`, { custom_attributes: { plan: 'GOLD' } });

    await openContacts(page);
    await page.getByRole('searchbox', { name: 'Search' }).fill('Keller');
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText('ada@keller.example');
    await expect(page).toHaveURL(/q=Keller/);
    await snap(page, '50-contacts-search');

    // Import: a spreadsheet's CSV with semicolons and its own column names.
    await page.getByRole('link', { name: 'Import CSV' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Import contacts' })).toBeVisible();
    const csv = 'Kunde;E-Mail;Tarif;Labels\nBruno Meier;bruno@meier.example;silver;key-account\nCleo Roth;cleo@roth.example;gold;\n'
      + 'Dora Platin;dora@platin.example;platinum;\n';
    await page.getByLabel('CSV file').setInputFiles({ name: 'kunden.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    const mapping = page.locator('section.card').filter({ has: page.getByRole('heading', { name: '2. Say what each column holds' }) });
    await expect(mapping.getByRole('cell', { name: 'Bruno Meier' })).toBeVisible();
    await expect(mapping.getByLabel('What column E-Mail holds')).toHaveValue('email');
    await mapping.getByLabel('What column Kunde holds').selectOption({ label: 'Name' });
    await mapping.getByLabel('What column Tarif holds').selectOption({ label: 'Attribute: Plan' });
    await expect(mapping.getByLabel('What column Labels holds')).toHaveValue('labels');
    await snap(page, '51-contacts-import-mapping');
    await mapping.getByRole('button', { name: 'Start import' }).click();

    const progress = page.locator('section.card').filter({ has: page.getByRole('heading', { name: '3. Import' }) });
    await expect(progress.getByRole('status')).toContainText('Done.');
    await expect(progress).toContainText('2 created, 0 updated, 0 unchanged, 1 refused');
    await snap(page, '52-contacts-import-done');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      progress.getByRole('link', { name: 'Download the report of 1 refused row' }).click(),
    ]);
    const report = readFileSync((await download.path())!, 'utf8').replace('\uFEFF', '');
    expect(report.trim().split(/\r?\n/)).toEqual(['row,column,reason', '4,Tarif,"Plan must be one of gold, silver"']);

    // Filter by the custom attribute: the imported gold customer and Ada.
    await openContacts(page);
    await page.getByLabel('Attribute').selectOption({ label: 'Plan' });
    await page.getByLabel('Value').selectOption('gold');
    await expect(rows(page)).toHaveCount(2);
    await expect(page.locator('table.contacts__table')).toContainText('Cleo Roth');
    await expect(page.locator('table.contacts__table')).toContainText('Ada Keller');
    await page.getByLabel('Label').selectOption('key-account');
    await expect(page.getByText('No contact matches these filters.')).toBeVisible();
    await page.getByLabel('Value').selectOption('silver');
    await expect(rows(page)).toHaveCount(1);
    await expect(rows(page).first()).toContainText('Bruno Meier');
    await snap(page, '53-contacts-filtered');
    await page.getByRole('button', { name: 'Clear filters' }).click();

    // Ada's page, then the merge of her website visit into it.
    await page.getByRole('searchbox', { name: 'Search' }).fill('Ada Keller');
    await expect(rows(page)).toHaveCount(1);
    await rows(page).first().getByRole('link').click();
    await expect(page.getByRole('heading', { level: 1, name: 'Ada Keller' })).toBeVisible();
    await expect(page.getByLabel('Plan')).toHaveValue('gold');
    const conversations = page.locator('section').filter({ has: page.getByRole('heading', { name: 'Conversations' }) });
    await expect(conversations.getByText('No conversations.')).toBeVisible();
    await page.getByRole('button', { name: 'Merge…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge a duplicate into this contact' });
    await dialog.getByRole('searchbox', { name: 'Find the duplicate' }).fill('Ada');
    await dialog.getByRole('option', { name: /Ada \(website\)/ }).click();
    await expect(dialog.getByRole('status')).toContainText('Ada (website) is then deleted');
    await snap(page, '54-contacts-merge-dialog');
    await dialog.getByRole('button', { name: 'Merge' }).click();
    await expect(dialog).toBeHidden();
    await expect(conversations.getByRole('link', { name: new RegExp(`Conversation #${conversation.id}`) })).toBeVisible();
    await snap(page, '55-contact-page-after-merge');

    // In the conversation, the side panel edits a conversation attribute the administrator defined.
    await conversations.getByRole('link', { name: new RegExp(`Conversation #${conversation.id}`) }).click();
    const panel = page.getByRole('form', { name: 'Conversation attributes' });
    await panel.getByLabel('Topic').selectOption('Shipping');
    await panel.getByRole('button', { name: 'Save' }).click();
    await expect(panel.getByRole('button', { name: 'Save' })).toBeDisabled();
    await expect(page.getByRole('link', { name: 'Open contact' })).toBeVisible();
    await snap(page, '56-side-panel-conversation-attributes');
    const detail = await admin.call('GET', `${account}/conversations/${conversation.id}`);
    expect(detail.custom_attributes.topic).toBe('Shipping');

    // The server agrees: one contact, with the conversation; the visitor's contact is gone.
    const shown = await admin.call('GET', `${account}/contacts/${adaId}/conversations`);
    expect(shown.payload.map((c: { id: number }) => c.id)).toEqual([conversation.id]);
    const gone = await fetch(`${baseUrl()}${account}/contacts/${visitor.id}`, { headers: { api_access_token: admin.token } });
    expect(gone.status).toBe(404);
  } finally {
    await agent.context.close();
  }
});
