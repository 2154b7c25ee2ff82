import { expect, test } from '@playwright/test';
import { signInAgent, snap } from '../support/helpers';

/** A 96×64 checked PNG (yellow and blue), small enough to keep here. */
const PICTURE = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAGAAAABACAIAAABqVuVZAAAAhklEQVR42u3asQ0AIAgEQCaxdjpHtHYmK2agFC/5+hOu/BB3z1LGOqW83h+AAAECBAgQIECAAAECBAgQIEDNgH47uNoPCBAgQIAAAQIECBAgQIAAAQLUDchgZlEEBAgQIECAAAECBAgQIECAAPkPMphZFAEBAgQIECBAgAABAgQIECBAbYESiW9yO3OM5NQAAAAASUVORK5CYII=', 'base64');

test('an agent uploads a picture under "My preferences": previewed, refused when not an image, resized by the server', async ({ browser }) => {
  const agent = await signInAgent(browser);
  const page = agent.page;
  try {
    await page.getByRole('link', { name: /My preferences/ }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'Picture' })).toBeVisible();
    const file = page.getByLabel('Image file');

    // Named like a picture, but text: the server says so, and nothing changes.
    await file.setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: Buffer.from('not a picture') });
    await page.getByRole('button', { name: 'Upload picture' }).click();
    await expect(page.getByText('This file is not a PNG, JPEG or GIF image.')).toBeVisible();

    await file.setInputFiles({ name: 'holiday.png', mimeType: 'image/png', buffer: PICTURE });
    const preview = page.getByRole('img', { name: 'Your picture' });
    await expect(preview).toHaveAttribute('src', /^blob:/);
    await page.getByRole('button', { name: 'Upload picture' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Picture saved.' })).toBeVisible();
    await expect(preview).toHaveAttribute('src', /\/avatars\/\d+\/[0-9a-f]+\.png$/);
    const src = (await preview.getAttribute('src')) ?? '';
    const served = await page.request.get(src);
    expect(served.status()).toBe(200);
    expect(served.headers()['cache-control']).toContain('immutable');
    // 256×256 PNG: the IHDR's width and height.
    const png = await served.body();
    expect(png.readUInt32BE(16)).toBe(256);
    expect(png.readUInt32BE(20)).toBe(256);
    await snap(page, '18-avatar-uploaded');
  } finally {
    await agent.context.close();
  }
});
