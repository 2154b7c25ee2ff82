import type { BrowserContext, Page } from '@playwright/test';
import { baseUrl } from './helpers';

/** What the workspace attempted to get an agent's attention: system notifications and beeps. */
export interface Alerts {
  notifications: { title: string; body: string }[];
  tones: number;
}

/**
 * Grants notifications to the workspace and records every `new Notification(…)` and every tone the
 * Web Audio beep starts, so a test can see that an offer asked for attention. The real browser
 * objects still run: the recorder only wraps them. Takes effect on the next navigation.
 */
export async function recordAlerts(context: BrowserContext): Promise<void> {
  await context.grantPermissions(['notifications'], { origin: baseUrl() });
  await context.addInitScript(() => {
    const seen = { notifications: [] as { title: string; body: string }[], tones: 0 };
    (window as unknown as { __batonAlerts: typeof seen }).__batonAlerts = seen;
    const Original = window.Notification;
    if (Original) {
      const Recording = function (this: unknown, title: string, options?: NotificationOptions) {
        seen.notifications.push({ title, body: options?.body ?? '' });
        return new Original(title, options);
      } as unknown as typeof Notification;
      Object.defineProperty(Recording, 'permission', { get: () => Original.permission });
      Recording.requestPermission = Original.requestPermission.bind(Original);
      window.Notification = Recording;
    }
    const Audio = window.AudioContext;
    if (Audio) {
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: [number?]) {
        seen.tones += 1;
        return start.apply(this, args);
      };
    }
  });
}

export function alerts(page: Page): Promise<Alerts> {
  return page.evaluate(() => (window as unknown as { __batonAlerts: Alerts }).__batonAlerts);
}
