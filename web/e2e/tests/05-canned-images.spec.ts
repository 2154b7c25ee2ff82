import { expect, test, type Locator } from '@playwright/test';
import {
  adminApi,
  agentMessages,
  askForPerson,
  bubbles,
  expectBot,
  offerCard,
  openWidget,
  setStatus,
  signInAgent,
  snap,
  visitorSend,
} from '../support/helpers';
import { stripedPng } from '../support/images';

const STOCK = 'The Eiger boots are in stock in sizes 38 to 46 and ship within two days.';
const SIZES = 'Our size chart: https://alpine.example/sizes (internal: check the EU/US column).';

/** Resolves once the <img> has loaded real pixels (a broken image has naturalWidth 0). */
async function expectLoaded(img: Locator): Promise<void> {
  await expect(img).toBeVisible();
  await expect
    .poll(() => img.evaluate((el: HTMLImageElement) => (el.complete ? el.naturalWidth : 0)))
    .toBeGreaterThan(0);
}

/** Pastes (a clipboard event) or drops (dragover, then drop) a PNG file on an element, as the browser would. */
async function transfer(target: Locator, how: 'paste' | 'drop', name: string, bytes: Buffer): Promise<void> {
  await target.evaluate(
    (el, { how, name, base64 }) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name, { type: 'image/png' }));
      const init = { bubbles: true, cancelable: true, composed: true };
      if (how === 'paste') {
        el.dispatchEvent(new ClipboardEvent('paste', { ...init, clipboardData: data }));
      } else {
        el.dispatchEvent(new DragEvent('dragover', { ...init, dataTransfer: data }));
        el.dispatchEvent(new DragEvent('drop', { ...init, dataTransfer: data }));
      }
    },
    { how, name, base64: bytes.toString('base64') },
  );
}

test('agent inserts canned replies with / and sends images; the visitor sees them and sends one back', async ({ browser }) => {
  const admin = await adminApi();
  const canned = `/api/v1/accounts/${admin.accountId}/canned_responses`;
  const created = [
    await admin.call('POST', canned, { short_code: 'eiger-stock', content: STOCK }),
    await admin.call('POST', canned, { short_code: 'eiger-sizes', content: SIZES }),
  ];

  try {
    const agent = await signInAgent(browser);
    await setStatus(agent.page, 'Available');

    const visitor = await openWidget(browser);
    await askForPerson(visitor, 'Mara', 'Gipfel GmbH');
    const card = offerCard(agent.page);
    await expect(card).toHaveCount(1);
    await card.getByRole('button', { name: 'Accept' }).click();
    await expect(card).toHaveCount(0);
    const messages = agentMessages(agent.page);
    await expect(messages.getByText('Gipfel GmbH', { exact: true })).toBeVisible();
    await expect(visitor.panel.getByText(/joined/)).toBeVisible();

    // --- canned replies on "/" ------------------------------------------------------------------
    const box = agent.page.getByRole('textbox', { name: 'Reply' });
    const picker = agent.page.getByRole('listbox', { name: 'Canned replies' });
    await box.click();
    await box.pressSequentially('/');
    await expect(picker).toBeVisible();
    await expect(box).toHaveAttribute('aria-controls', (await picker.getAttribute('id'))!);
    await box.press('Escape');
    await expect(picker).toBeHidden();
    await box.fill('');

    await box.pressSequentially('/eiger');
    const options = picker.getByRole('option');
    await expect(options).toHaveCount(2);
    await expect(options.nth(0)).toContainText('/eiger-sizes'); // by short code
    await expect(options.nth(0)).toHaveAttribute('aria-selected', 'true');
    await box.press('ArrowDown');
    const stock = picker.getByRole('option', { name: /eiger-stock/ });
    await expect(stock).toHaveAttribute('aria-selected', 'true');
    await expect(box).toHaveAttribute('aria-activedescendant', (await stock.getAttribute('id'))!);
    // Typing on narrows the list (and highlights its first option again).
    await box.pressSequentially('-st');
    await expect(options).toHaveCount(1);
    await snap(agent.page, '19-agent-canned-picker');
    await box.press('Enter'); // inserts, does not send
    await expect(picker).toBeHidden();
    await expect(box).toHaveValue(`${STOCK} `);
    await box.press('Enter'); // sends
    await expect(bubbles(visitor, STOCK)).toHaveCount(1);
    await expect(messages.getByText(STOCK, { exact: true })).toBeVisible();

    // In a private note too, picked with the mouse; the note never reaches the visitor.
    await agent.page.getByRole('radiogroup', { name: 'Message type' }).getByRole('radio', { name: 'Private note' }).click();
    const noteBox = agent.page.getByRole('textbox', { name: 'Private note' });
    await noteBox.pressSequentially('Sizes: /chart');
    await expect(options).toHaveCount(1); // "chart" is only in the content of eiger-sizes
    await options.first().click();
    await expect(noteBox).toHaveValue(`Sizes: ${SIZES} `);
    await noteBox.press('Enter');
    await expect(messages.locator('.message--note').getByText(`Sizes: ${SIZES}`)).toBeVisible();
    await agent.page.getByRole('radiogroup', { name: 'Message type' }).getByRole('radio', { name: 'Reply' }).click();

    // --- the agent sends an image ---------------------------------------------------------------
    const [chooser] = await Promise.all([
      agent.page.waitForEvent('filechooser'),
      agent.page.getByRole('button', { name: 'Attach images' }).click(),
    ]);
    await chooser.setFiles({ name: 'boots.png', mimeType: 'image/png', buffer: stripedPng(96, 64, [47, 91, 234], [255, 255, 255]) });
    // A second one pasted into the text area (as a screenshot would be), then left out again.
    await transfer(box, 'paste', 'wrong.png', stripedPng(32, 32, [200, 0, 0], [0, 0, 0]));
    const tray = agent.page.getByRole('list', { name: 'Images to send' });
    await expect(tray.getByRole('img')).toHaveCount(2);
    await tray.getByRole('button', { name: 'Remove wrong.png' }).click();
    await expect(tray.getByRole('img', { name: 'boots.png' })).toBeVisible();
    await expect(tray.getByRole('img')).toHaveCount(1);
    await box.fill('Here they are:');
    await snap(agent.page, '20-agent-image-preview');
    await box.press('Enter');
    await expect(tray).toHaveCount(0);

    const sent = messages.locator('.message--agent').filter({ hasText: 'Here they are:' }).locator('img.message__image');
    await expect(sent).toHaveAttribute('src', /\/api\/v1\/accounts\/\d+\/attachments\/\d+$/);
    await expectLoaded(sent);
    const visitorImage = visitor.panel.locator('.msg.agent .images img');
    await expect(visitorImage).toHaveCount(1);
    await expect(visitorImage).toHaveAttribute('src', /\/public\/attachments\/[^/]+$/);
    await expectLoaded(visitorImage);
    await snap(visitor.page, '21-widget-agent-image');

    // A click opens the full image in a new tab.
    const [tab] = await Promise.all([agent.context.waitForEvent('page'), sent.click()]);
    await tab.waitForLoadState();
    expect(tab.url()).toMatch(/\/attachments\/\d+$/);
    await tab.close();

    // What the server refuses is said clearly: a "PNG" that is none, dropped on the reply box.
    await transfer(agent.page.locator('form.reply-box'), 'drop', 'fake.png', Buffer.from('not an image at all'));
    await expect(tray.getByRole('img')).toHaveCount(1);
    await box.press('Enter');
    const refused = messages.getByRole('alert').filter({ hasText: 'Only PNG, JPEG, GIF and WebP images can be sent.' });
    await expect(refused).toBeVisible();
    await expect(refused.getByRole('button', { name: 'Retry' })).toHaveCount(0); // it would be refused again
    await snap(agent.page, '22-agent-image-refused');
    await refused.getByRole('button', { name: 'Discard' }).click();
    await expect(refused).toHaveCount(0);

    // --- the visitor pastes an image --------------------------------------------------------------
    const input = visitor.panel.getByRole('textbox', { name: 'Your message' });
    const paste = (bytes: Buffer) => transfer(input, 'paste', 'screenshot.png', bytes);
    const visitorTray = visitor.panel.getByRole('list', { name: 'Images to send' });

    // A refused one first: the reason in the visitor's language, and a way to remove it.
    await paste(Buffer.from('GIF? no, plain text'));
    await input.press('Enter');
    const visitorRefused = visitor.panel.getByRole('alert').filter({ hasText: 'Only PNG, JPEG, GIF and WebP images can be sent.' });
    await expect(visitorRefused).toBeVisible();
    await visitorRefused.getByRole('button', { name: 'Remove' }).click();
    await expect(visitorRefused).toHaveCount(0);

    await paste(stripedPng(80, 48, [15, 138, 95], [255, 246, 199]));
    await expect(visitorTray.getByRole('img', { name: 'Image 1' })).toBeVisible();
    await snap(visitor.page, '23-widget-image-preview');
    await input.press('Enter'); // an image alone is a message
    await expect(visitorTray).toBeHidden();
    const own = visitor.panel.locator('.msg.visitor .images img');
    await expect(own).toHaveAttribute('src', /\/public\/attachments\/[^/]+$/);
    await expectLoaded(own);

    const received = messages.locator('.message--visitor img.message__image');
    await expect(received).toHaveCount(1);
    await expectLoaded(received);
    await snap(agent.page, '24-agent-visitor-image');

    // --- end as the other scenarios do: conversation ended, survey answered, agent available -----
    await visitorSend(visitor, 'Thanks, that helps!');
    await agent.page.getByRole('button', { name: 'End', exact: true }).click();
    const dialog = agent.page.getByRole('dialog', { name: 'End the conversation' });
    await expect(dialog).toBeVisible();
    const reasons = dialog.getByRole('radio');
    if ((await reasons.count()) > 0) await reasons.first().check();
    await dialog.getByRole('button', { name: 'End conversation' }).click();
    await expect(dialog).toHaveCount(0);
    await expectBot(visitor, 'How satisfied were you, from 1 (not at all) to 5 (very)?');
    await visitorSend(visitor, '5');
    await expectBot(visitor, 'Thank you for your feedback, Mara. Goodbye!');

    await visitor.context.close();
    await agent.context.close();
  } finally {
    for (const c of created) await admin.call('DELETE', `${canned}/${c.id}`);
  }
});
