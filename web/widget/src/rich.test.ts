import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { textsFor } from './i18n';
import { formAnswer, safeUrl } from './rich';
import type { Message } from './types';

/** Just enough of the DOM for the widget's rendering: elements with attributes, children, text nodes and listeners. */
class FakeNode {
  parent: FakeElement | null = null;
}
class FakeText extends FakeNode {
  constructor(readonly data: string) {
    super();
  }
}
class FakeElement extends FakeNode {
  readonly attrs = new Map<string, string>();
  readonly childNodes: FakeNode[] = [];
  readonly listeners = new Map<string, (e: unknown) => void>();
  value = '';
  constructor(readonly tagName: string) {
    super();
  }
  setAttribute(name: string, value: string) {
    this.attrs.set(name, value);
  }
  append(...children: (FakeNode | string)[]) {
    for (const c of children) this.childNodes.push(typeof c === 'string' ? new FakeText(c) : c);
  }
  addEventListener(type: string, fn: (e: unknown) => void) {
    this.listeners.set(type, fn);
  }
  set innerHTML(_: string) {
    throw new Error('innerHTML must not be used');
  }
  get textContent(): string {
    return this.childNodes.map((c) => (c instanceof FakeText ? c.data : (c as FakeElement).textContent)).join('');
  }
  all(tag: string): FakeElement[] {
    const out: FakeElement[] = [];
    for (const c of this.childNodes)
      if (c instanceof FakeElement) {
        if (c.tagName === tag) out.push(c);
        out.push(...c.all(tag));
      }
    return out;
  }
}

beforeEach(() => {
  (globalThis as Record<string, unknown>).document = { createElement: (tag: string) => new FakeElement(tag) };
});
afterEach(() => {
  delete (globalThis as Record<string, unknown>).document;
});

function bot(content_type: string, items: unknown[]): Message {
  return { id: 7, content: null, message_type: 1, content_type, content_attributes: { items } as Message['content_attributes'], created_at: 1, conversation_id: 1, sender: null };
}

async function render(m: Message, open = true) {
  const { renderRich } = await import('./ui');
  const sent: string[] = [];
  const submitted: unknown[] = [];
  const el = renderRich(m, open, textsFor('en'), 'https://shop.example/', {
    send: (text) => sent.push(text),
    submit: (values) => submitted.push(values),
  }) as unknown as FakeElement | null;
  return { el, sent, submitted };
}

describe('safeUrl', () => {
  it('keeps http and https URLs', () => {
    expect(safeUrl('https://a.example/x?y=1')).toBe('https://a.example/x?y=1');
    expect(safeUrl('http://a.example/')).toBe('http://a.example/');
  });
  it('refuses javascript:, data: and other schemes, in any spelling', () => {
    for (const url of ['javascript:alert(1)', ' JavaScript:alert(1)', 'java\tscript:alert(1)', 'data:text/html,<b>x', 'vbscript:x', 'file:///etc/passwd', '', 42, null]) {
      expect(safeUrl(url)).toBeUndefined();
    }
  });
  it('resolves a path against the base only when one is given', () => {
    expect(safeUrl('/img/a.png', 'https://b.example/')).toBe('https://b.example/img/a.png');
    expect(safeUrl('/img/a.png')).toBeUndefined();
  });
});

describe('renderRich', () => {
  it('draws a card with its image, title, description, a link that opens in a new tab and a postback that sends its payload', async () => {
    const { el, sent } = await render(
      bot('cards', [
        {
          media_url: 'https://cdn.example/shoe.png',
          title: 'Red shoe',
          description: 'Size 42',
          actions: [
            { type: 'link', text: 'View', uri: 'https://shop.example/shoe' },
            { type: 'postback', text: 'Buy', payload: 'BUY_SHOE' },
          ],
        },
      ]),
    );
    expect(el!.all('img')[0]!.attrs.get('src')).toBe('https://cdn.example/shoe.png');
    expect(el!.all('strong')[0]!.textContent).toBe('Red shoe');
    expect(el!.all('p')[0]!.textContent).toBe('Size 42');
    const a = el!.all('a')[0]!;
    expect([a.attrs.get('href'), a.attrs.get('target'), a.attrs.get('rel'), a.textContent]).toEqual(['https://shop.example/shoe', '_blank', 'noopener noreferrer', 'View']);
    const button = el!.all('button')[0]!;
    expect(button.textContent).toBe('Buy');
    button.listeners.get('click')!({});
    expect(sent).toEqual(['BUY_SHOE']);
  });

  it('drops javascript: links and images, and shows HTML in titles as text', async () => {
    const { el } = await render(
      bot('cards', [
        {
          media_url: 'javascript:alert(1)',
          title: '<img src=x onerror=alert(1)>',
          actions: [{ type: 'link', text: 'Click', uri: 'javascript:alert(1)' }],
        },
      ]),
    );
    expect(el!.all('a')).toEqual([]);
    expect(el!.all('img')).toEqual([]);
    expect(el!.all('strong')[0]!.textContent).toBe('<img src=x onerror=alert(1)>');
  });

  it('disables postbacks once the visitor has answered', async () => {
    const { el } = await render(bot('cards', [{ title: 'A', actions: [{ type: 'postback', text: 'Go', payload: 'GO' }] }]), false);
    expect(el!.all('button')[0]!.attrs.has('disabled')).toBe(true);
  });

  it('draws articles as links, and an article with an unsafe link as plain text', async () => {
    const { el } = await render(
      bot('article', [
        { title: 'Returns', description: '30 days', link: 'https://help.example/returns' },
        { title: 'Evil', link: 'javascript:alert(1)' },
      ]),
    );
    const links = el!.all('a');
    expect(links.map((a) => [a.attrs.get('href'), a.attrs.get('rel'), a.textContent])).toEqual([['https://help.example/returns', 'noopener noreferrer', 'Returns30 days']]);
    expect(el!.textContent).toContain('Evil');
  });

  it('draws a form and submits Chatwoot submitted_values with a readable text', async () => {
    const { el, submitted } = await render(
      bot('form', [
        { name: 'email', label: 'Email', type: 'email', placeholder: 'you@example.com' },
        { name: 'note', label: 'Note', type: 'text_area' },
        { name: 'size', label: 'Size', type: 'select', options: [{ label: 'Small', value: 's' }, { label: 'Large', value: 'l' }] },
      ]),
    );
    expect(el!.all('input')[0]!.attrs.get('type')).toBe('email');
    expect(el!.all('textarea')).toHaveLength(1);
    expect(el!.all('option').map((o) => o.textContent)).toEqual(['Small', 'Large']);
    el!.all('input')[0]!.value = 'ann@example.com';
    el!.all('textarea')[0]!.value = ' hi ';
    el!.all('select')[0]!.value = 'l';
    el!.listeners.get('submit')!({ preventDefault() {} });
    expect(submitted).toEqual([
      [
        { name: 'email', title: 'Email', value: 'ann@example.com' },
        { name: 'note', title: 'Note', value: 'hi' },
        { name: 'size', title: 'Size', value: 'l' },
      ],
    ]);
  });

  it('shows an answered form with its submitted values, read-only and without a button', async () => {
    const m = bot('form', [{ name: 'email', label: 'Email', type: 'email' }]);
    m.content_attributes.submitted_values = [{ name: 'email', title: 'Email', value: 'ann@example.com' }];
    const { el } = await render(m);
    const input = el!.all('input')[0]!;
    expect([input.value, input.attrs.has('disabled')]).toEqual(['ann@example.com', true]);
    expect(el!.all('button')).toEqual([]);
  });

  it('draws nothing for text and input_select', async () => {
    expect((await render(bot('text', []))).el).toBeNull();
    expect((await render(bot('input_select', [{ title: 'a', value: 'a' }]))).el).toBeNull();
  });
});

describe('formAnswer', () => {
  it('uses the name when a field has no label', () => {
    expect(formAnswer([{ name: 'city' }], { city: ' Bern ' })).toEqual([{ name: 'city', title: 'city', value: 'Bern' }]);
  });
});
