// A tiny store of short-lived notices ("The offer has expired"), shown as toasts.

export interface Notice {
  id: number;
  text: string;
  tone: 'info' | 'error';
}

type Listener = () => void;

export class NoticeStore {
  private notices: Notice[] = [];
  private listeners = new Set<Listener>();
  private next = 1;

  constructor(
    private readonly ttlMs = 6000,
    private readonly schedule: (fn: () => void, ms: number) => unknown = (fn, ms) => setTimeout(fn, ms),
  ) {}

  subscribe = (listener: Listener) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  get = () => this.notices;

  show(text: string, tone: Notice['tone'] = 'info'): number {
    const id = this.next++;
    // The same text twice in a row (two events for one offer) shows once.
    this.notices = [...this.notices.filter((n) => n.text !== text), { id, text, tone }].slice(-4);
    this.emit();
    this.schedule(() => this.dismiss(id), this.ttlMs);
    return id;
  }

  dismiss(id: number): void {
    const before = this.notices.length;
    this.notices = this.notices.filter((n) => n.id !== id);
    if (this.notices.length !== before) this.emit();
  }

  private emit() {
    for (const l of this.listeners) l();
  }
}
