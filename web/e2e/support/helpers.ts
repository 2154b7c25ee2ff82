import { expect, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { artifactsDir } from './baton';

export const baseUrl = () => {
  const url = process.env.BATON_URL;
  if (!url) throw new Error('BATON_URL is not set: the global setup did not start Baton');
  return url;
};
export const adminEmail = () => process.env.BATON_ADMIN_EMAIL ?? 'admin@baton.local';
export const adminPassword = () => process.env.BATON_ADMIN_PASSWORD ?? '';

/** Saves a screenshot of a main screen under artifacts/screens/ (kept for every run, not only failures). */
export async function snap(page: Page, name: string): Promise<void> {
  const dir = join(artifactsDir, 'screens');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) });
}

/**
 * The link of the last invitation e-mail to `email`: without SMTP, Baton writes its mails to its log, which the
 * global setup keeps in artifacts/baton.log. Waits for the outbox to send it.
 */
export async function invitationLink(email: string): Promise<string> {
  const log = join(artifactsDir, 'baton.log');
  for (let i = 0; i < 100; i++) {
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    const start = text.lastIndexOf(`to ${email}:`);
    const link = start >= 0 ? /https?:\/\/\S+\/app\/invitations\/[A-Za-z0-9_-]+/.exec(text.slice(start)) : null;
    if (link) return link[0];
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`no invitation e-mail to ${email} in ${log}`);
}

// --- a customer's website ---------------------------------------------------------------------

/** A stand-in for a customer's website on its own origin, serving one page with `html`. */
export async function shopSite(html: () => string): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    if (req.url === '/' || req.url?.startsWith('/?')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html());
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  // "localhost" rather than 127.0.0.1: another origin than Baton's, as on a real site.
  return { url: `http://localhost:${port}`, server };
}

// --- the REST API, as the administrator ------------------------------------------------------

export interface Admin {
  token: string;
  accountId: number;
  userId: number;
  call<T = any>(method: string, path: string, body?: unknown): Promise<T>;
}

export async function adminApi(): Promise<Admin> {
  const res = await fetch(`${baseUrl()}/auth/sign_in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: adminEmail(), password: adminPassword() }),
  });
  if (!res.ok) throw new Error(`sign_in: ${res.status} ${await res.text()}`);
  const { data } = (await res.json()) as { data: { id: number; account_id: number } };
  const token = await newAccessToken(res.headers.getSetCookie());
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${baseUrl()}${path}`, {
      method,
      headers: { api_access_token: token, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return { token, accountId: data.account_id, userId: data.id, call };
}

/**
 * A personal access token for the signed-in browser session: tokens are stored hashed, so the sign-in does not
 * answer one; POST /api/v1/profile/reset_access_token makes one (with the session cookie and its XSRF header).
 */
async function newAccessToken(setCookies: string[]): Promise<string> {
  const jar = new Map<string, string>();
  const keep = (headers: string[]) => {
    for (const header of headers) {
      const [pair] = header.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq).trim(), pair!.slice(eq + 1).trim());
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  keep(setCookies);
  keep((await fetch(`${baseUrl()}/api/v1/profile`, { headers: { cookie: cookie() } })).headers.getSetCookie());
  const res = await fetch(`${baseUrl()}/api/v1/profile/reset_access_token`, {
    method: 'POST',
    headers: { cookie: cookie(), 'x-xsrf-token': jar.get('XSRF-TOKEN') ?? '' },
  });
  if (!res.ok) throw new Error(`reset_access_token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

// --- the agent workspace ----------------------------------------------------------------------

export interface Agent {
  context: BrowserContext;
  page: Page;
}

/**
 * Signs in to /app/ through the form, as the administrator (the demo team's only member), or as
 * `as` (another agent a test created).
 */
export async function signInAgent(
  browser: Browser,
  screenshot?: string,
  as: { email: string; password: string } = { email: adminEmail(), password: adminPassword() },
): Promise<Agent> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${baseUrl()}/app/`);
  await page.getByLabel('Email').fill(as.email);
  await page.getByLabel('Password').fill(as.password);
  if (screenshot) await snap(page, screenshot);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('radiogroup', { name: 'Your status' })).toBeVisible();
  return { context, page };
}

/** Opens one page of the settings through the header and the settings navigation. */
export async function openSettings(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('link', { name, exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
}

export function statusRadio(page: Page, name: 'Available' | 'Away' | 'Offline'): Locator {
  return page.getByRole('radiogroup', { name: 'Your status' }).getByRole('radio', { name });
}

/**
 * Sets the agent's status with the header switch. Waits until the workspace has read the current
 * status first: a click while that first read is still in flight can be overwritten by its answer
 * (the switch then shows the old status).
 */
export async function setStatus(page: Page, name: 'Available' | 'Away' | 'Offline'): Promise<void> {
  await expect(page.locator('.status-switch')).not.toHaveClass(/status-switch--unknown/);
  const radio = statusRadio(page, name);
  if ((await radio.getAttribute('aria-checked')) !== 'true') await radio.click();
  await expect(radio).toHaveAttribute('aria-checked', 'true');
}

/** The offer card for a visitor (the card's label is "Offer: <name>"). */
export function offerCard(page: Page): Locator {
  return page.getByRole('region', { name: 'Offers' }).getByRole('article');
}

/** The open conversation's message list in the workspace. */
export function agentMessages(page: Page): Locator {
  return page.getByRole('list', { name: 'Messages' });
}

export async function agentSend(page: Page, text: string, mode: 'Reply' | 'Private note' = 'Reply'): Promise<void> {
  await page.getByRole('radiogroup', { name: 'Message type' }).getByRole('radio', { name: mode }).click();
  const box = page.locator('.reply-box textarea');
  await box.fill(text);
  await box.press('Enter');
  await expect(agentMessages(page).getByText(text, { exact: true })).toBeVisible();
}

// --- the visitor widget -----------------------------------------------------------------------

export interface Visitor {
  context: BrowserContext;
  page: Page;
  /** The widget's panel (in the widget's shadow root; Playwright's locators pierce open shadow roots). */
  panel: Locator;
  /** What `prepare` returned. */
  extra?: unknown;
}

/** A fresh visitor (own cookies and storage) on `url` (default /demo), with the chat opened. */
export async function openWidget(
  browser: Browser,
  url = `${baseUrl()}/demo`,
  prepare?: (context: BrowserContext) => Promise<unknown>,
): Promise<Visitor> {
  const context = await browser.newContext();
  const extra = prepare ? await prepare(context) : undefined;
  const page = await context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'Open chat' }).click();
  const panel = page.getByRole('dialog', { name: 'Chat' });
  await expect(panel).toBeVisible();
  return { context, page, panel, extra };
}

export async function visitorSend(v: Visitor, text: string): Promise<void> {
  const input = v.panel.getByRole('textbox', { name: 'Your message' });
  await input.fill(text);
  await input.press('Enter');
  await expect(bubbles(v, text)).toHaveCount(1);
}

/** The widget's message bubbles that read exactly `text`. */
export function bubbles(v: Visitor, text: string): Locator {
  return v.panel.locator('.msg .bubble').filter({ hasText: new RegExp(`^${escape(text)}$`) });
}

export async function expectBot(v: Visitor, text: string | RegExp): Promise<void> {
  await expect(v.panel.locator('.msg.agent .bubble').filter({ hasText: text }).last()).toBeVisible();
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Walks the demo story up to "Talk to a person": in a bot inbox the widget opens the conversation with
 * its panel, so the bot greets first; then first name, company and the choice.
 */
export async function askForPerson(v: Visitor, firstName: string, company: string): Promise<void> {
  await expectBot(v, "Hi! I'm the Alpine Outfitters assistant.");
  await expectBot(v, "What's your first name?");
  await visitorSend(v, firstName);
  await expectBot(v, `Nice to meet you, ${firstName}!`);
  await visitorSend(v, company);
  await expectBot(v, `How can I help you, ${firstName}?`);
  await v.panel.getByRole('group', { name: 'Choices' }).last().getByRole('button', { name: 'Talk to a person' }).click();
  await expectBot(v, "One moment, I'm connecting you with a colleague…");
}

// --- a real network drop -----------------------------------------------------------------------

export interface NetworkSwitch {
  /** Offline: `context.setOffline(true)`, the open WebSockets dropped, new ones failing. */
  down(): Promise<void>;
  /** Online again: new WebSockets reach Baton, the browser fires `online`. */
  up(): Promise<void>;
}

declare global {
  interface Window {
    __e2eNet?: { offline: boolean; cut(): void };
  }
}

/**
 * Chromium's offline emulation (`context.setOffline`) fails new requests but leaves an open
 * WebSocket untouched, so a real drop also needs the socket cut. An init script wraps the page's
 * WebSocket: `down()` closes the open ones and points new ones at a closed port until `up()`.
 * (A `routeWebSocket` proxy would do too; this keeps the socket a direct one.) Install before the
 * page loads.
 */
export async function networkSwitch(context: BrowserContext): Promise<NetworkSwitch> {
  await context.addInitScript(() => {
    const Native = window.WebSocket;
    const open = new Set<WebSocket>();
    const net = {
      offline: false,
      cut() {
        for (const s of open) s.close(4000, 'offline (test)');
        open.clear();
      },
    };
    class Switched extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        // Offline: a same-origin address that refuses the upgrade (a CSP with connect-src 'self' allows it).
        super(net.offline ? `${location.origin.replace(/^http/, 'ws')}/e2e-offline` : url, protocols);
        open.add(this);
        this.addEventListener('close', () => open.delete(this));
      }
    }
    window.WebSocket = Switched;
    window.__e2eNet = net;
  });
  const each = (fn: (p: Page) => Promise<unknown>) => Promise.all(context.pages().map(fn));
  return {
    async down() {
      await context.setOffline(true);
      await each((p) =>
        p.evaluate(() => {
          window.__e2eNet!.offline = true;
          window.__e2eNet!.cut();
        }),
      );
    },
    async up() {
      await each((p) =>
        p.evaluate(() => {
          window.__e2eNet!.offline = false;
        }),
      );
      await context.setOffline(false);
    },
  };
}

/** The administrator's routing status as Baton keeps it (GET /agent_statuses). */
export async function routingStatus(admin: Admin): Promise<string | undefined> {
  const r = await admin.call('GET', `/api/v1/accounts/${admin.accountId}/agent_statuses`);
  const list: { user_id: number; status: string }[] = Array.isArray(r) ? r : (r?.payload ?? []);
  return list.find((s) => s.user_id === admin.userId)?.status;
}
