import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eDir } from '../support/baton';
import { adminApi, adminEmail, adminPassword, baseUrl, snap } from '../support/helpers';

/**
 * Screenshots of every main screen in English and German (artifacts/screens/), and for German: no English
 * left. The English texts to look for are the agent app's own: every value of en.json that de.json translates
 * differently (the "Missing in German" check is generic, so a new page or string is covered without a list).
 */

type Messages = { [key: string]: string | Messages };
type Lang = 'en' | 'de';

const locale = (lang: string): Messages =>
  JSON.parse(readFileSync(join(e2eDir, '..', 'agent-app', 'src', 'i18n', 'locales', `${lang}.json`), 'utf8')) as Messages;

function flatten(messages: Messages, prefix = '', out = new Map<string, string>()): Map<string, string> {
  for (const [key, value] of Object.entries(messages)) {
    if (typeof value === 'string') out.set(prefix + key, value);
    else flatten(value, `${prefix}${key}.`, out);
  }
  return out;
}

const en = flatten(locale('en'));
const de = flatten(locale('de'));
const t = (lang: Lang, key: string): string => (lang === 'en' ? en : de).get(key) ?? key;

/** English texts the German UI must not show: translated differently, not also German somewhere, whole words. */
const englishOnly = (() => {
  const germanValues = new Set(de.values());
  const out = new Set<string>();
  for (const [key, value] of en) {
    const german = de.get(key);
    if (german === undefined || german === value || germanValues.has(value)) continue;
    if (value.includes('{{') || !/[A-Za-z]{3}/.test(value)) continue;
    out.add(value);
  }
  return out;
})();

/** Every text the page shows on its own (an element's own text nodes) and its labels, placeholders and titles. */
async function visibleTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const html = el as HTMLElement;
      if (html.closest('[hidden], [aria-hidden="true"]')) continue;
      const own = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (own) out.push(own);
      for (const attribute of ['aria-label', 'placeholder', 'title']) {
        const value = el.getAttribute(attribute)?.trim();
        if (value) out.push(value);
      }
    }
    return out;
  });
}

/** Names people gave things (the first administrator is called "Administrator") are data, not the UI's words. */
const userData = new Set<string>();

async function englishOn(page: Page): Promise<string[]> {
  return [...new Set((await visibleTexts(page)).filter((text) => englishOnly.has(text) && !userData.has(text)))];
}

/** German: no English left. English: the same check finds English, so it is not blind on this screen. */
async function checkLanguage(page: Page, lang: Lang, screen: string): Promise<void> {
  const english = await englishOn(page);
  if (lang === 'de') expect(english, `English on the German ${screen} screen`).toEqual([]);
  else expect(english.length, `the check sees the English of the ${screen} screen`).toBeGreaterThan(0);
}

async function signIn(browser: Browser, lang: Lang): Promise<Page> {
  const context = await browser.newContext({ locale: lang === 'de' ? 'de-DE' : 'en-US' });
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/app/`);
  await expect(page.getByRole('heading', { name: t(lang, 'signIn.title') })).toBeVisible();
  await page.getByLabel(t(lang, 'signIn.email')).fill(adminEmail());
  await page.getByLabel(t(lang, 'signIn.password')).fill(adminPassword());
  await snap(page, `30-${lang}-sign-in`);
  await checkLanguage(page, lang, 'sign-in');
  await page.getByRole('button', { name: t(lang, 'signIn.submit') }).click();
  await expect(page.getByRole('radiogroup', { name: t(lang, 'status.label') })).toBeVisible();
  return page;
}

/** A conversation of its own (an inbox without a bot, a visitor's message), so that the inbox list has one to open. */
async function conversationWithVisitor(): Promise<string> {
  const admin = await adminApi();
  const inbox = await admin.call('POST', `/api/v1/accounts/${admin.accountId}/inboxes`, {
    name: 'Screens shop',
    channel: { type: 'web_widget', website_url: 'https://screens.example' },
  });
  // A website inbox is addressed by its website token in the public API.
  const publicBase = `${baseUrl()}/public/api/v1/inboxes/${inbox.website_token}`;
  const post = async (path: string, body: unknown) => {
    const res = await fetch(`${publicBase}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const contact = await post('/contacts', { name: 'Lea Screens' });
  // With the story's usual variables, which the side panel labels in the workspace's language.
  const conversation = await post(`/contacts/${contact.source_id}/conversations`, {
    custom_attributes: { first_name: 'Lea', company: 'Acme', topic: 'Shipping' },
  });
  const text = 'Do you ship to Austria?';
  await post(`/contacts/${contact.source_id}/conversations/${conversation.id}/messages`, { content: text });
  return text;
}

const ADMIN_PAGES: { path: string; nav: string }[] = [
  { path: 'account', nav: 'settings.nav.account' },
  { path: 'agents', nav: 'settings.nav.agents' },
  { path: 'teams', nav: 'settings.nav.teams' },
  { path: 'inboxes', nav: 'settings.nav.inboxes' },
  { path: 'stories', nav: 'settings.nav.stories' },
  { path: 'canned_responses', nav: 'settings.nav.canned' },
  { path: 'labels', nav: 'settings.nav.labels' },
  { path: 'custom_attributes', nav: 'settings.nav.attributes' },
  { path: 'wrap_up_reasons', nav: 'settings.nav.wrap_up' },
  { path: 'webhooks', nav: 'settings.nav.webhooks' },
];

test('the English texts to look for are many', () => {
  // Guards the check itself: with an empty list the German screens would pass whatever they show.
  expect(englishOnly.size).toBeGreaterThan(100);
  expect(englishOnly).toContain('Sign in');
});

let message = '';

test.beforeAll(async () => {
  message = await conversationWithVisitor();
  const admin = await adminApi();
  const profile = await admin.call('GET', '/api/v1/profile');
  userData.add(profile.name);
});

for (const lang of ['en', 'de'] as const) {
  test(`every main screen in ${lang === 'en' ? 'English' : 'German'}`, async ({ browser }) => {
    const page = await signIn(browser, lang);
    try {
      const accountId = (await adminApi()).accountId;

      const item = page.locator('.conversation-item').filter({ hasText: message });
      await expect(item).toHaveCount(1);
      await snap(page, `31-${lang}-inbox`);
      await checkLanguage(page, lang, 'inbox');

      await item.click();
      await expect(page.locator('.reply-box textarea')).toBeVisible();
      await expect(page.getByText(message, { exact: true }).last()).toBeVisible();
      await expect(page.locator('.facts dt').filter({ hasText: lang === 'en' ? 'First name' : 'Vorname' })).toBeVisible();
      await expect(page.locator('.facts dt').filter({ hasText: lang === 'en' ? 'Company' : 'Firma' })).toBeVisible();
      await snap(page, `32-${lang}-conversation`);
      await checkLanguage(page, lang, 'conversation');

      await page.goto(`${baseUrl()}/app/accounts/${accountId}/preferences`);
      await expect(page.getByRole('heading', { level: 1, name: t(lang, 'preferences.title') })).toBeVisible();
      await snap(page, `33-${lang}-my-preferences`);
      await checkLanguage(page, lang, 'my preferences');

      await page.goto(`${baseUrl()}/app/accounts/${accountId}/contacts`);
      await expect(page.getByRole('heading', { level: 1, name: t(lang, 'contacts.title') })).toBeVisible();
      await expect(page.locator('table.contacts__table tbody tr').first()).toBeVisible();
      await snap(page, `33-${lang}-contacts`);
      await checkLanguage(page, lang, 'contacts');
      await page.locator('table.contacts__table tbody tr').first().getByRole('link').click();
      await expect(page.getByRole('heading', { level: 2, name: t(lang, 'contacts.details') })).toBeVisible();
      await snap(page, `33-${lang}-contact`);
      await checkLanguage(page, lang, 'contact');
      await page.goto(`${baseUrl()}/app/accounts/${accountId}/contacts/import`);
      await expect(page.getByRole('heading', { level: 1, name: t(lang, 'contacts.import.title') })).toBeVisible();
      await snap(page, `33-${lang}-contacts-import`);
      await checkLanguage(page, lang, 'contacts import');

      for (const [i, admin] of ADMIN_PAGES.entries()) {
        await page.goto(`${baseUrl()}/app/accounts/${accountId}/settings/${admin.path}`);
        const nav = page.getByRole('navigation', { name: t(lang, 'settings.title') });
        await expect(nav.getByRole('link', { name: t(lang, admin.nav), exact: true })).toHaveAttribute('aria-current', 'page');
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.getByText(t(lang, 'app.loading'), { exact: true })).toHaveCount(0);
        await snap(page, `${34 + i}-${lang}-admin-${admin.path}`);
        await checkLanguage(page, lang, `admin ${admin.path}`);
      }
    } finally {
      await page.context().close();
    }
  });
}
