// Attention for a new offer: a short beep (Web Audio, no sound file) and a browser notification.
// Browsers only allow both after a user gesture, so `unlockAlerts()` runs on one (the status switch).

type AudioContextCtor = typeof AudioContext;

let audio: AudioContext | undefined;

function audioContextCtor(): AudioContextCtor | undefined {
  if (typeof window === 'undefined') return undefined;
  return window.AudioContext ?? (window as unknown as { webkitAudioContext?: AudioContextCtor }).webkitAudioContext;
}

function context(): AudioContext | undefined {
  if (audio) return audio;
  const Ctor = audioContextCtor();
  if (!Ctor) return undefined;
  try {
    audio = new Ctor();
  } catch {
    return undefined;
  }
  return audio;
}

/** Call from any user gesture: lets the beep play (browsers block audio until one). */
export function unlockSound(): void {
  const ctx = context();
  if (ctx?.state === 'suspended') void ctx.resume().catch(() => undefined);
}

/** Call from a deliberate user gesture (the status switch): sound, and asks for notifications once. */
export function unlockAlerts(): void {
  unlockSound();
  if (typeof Notification !== 'undefined' && Notification.permission === 'default') {
    try {
      void Notification.requestPermission().catch(() => undefined);
    } catch {
      /* old Safari: callback form only; not worth more */
    }
  }
}

/** Two short rising tones (~0.3 s). Silent when the browser has not allowed audio yet. */
export function beep(): void {
  const ctx = context();
  if (!ctx || ctx.state !== 'running') return;
  const start = ctx.currentTime;
  [880, 1175].forEach((frequency, i) => {
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    const t0 = start + i * 0.16;
    osc.type = 'sine';
    osc.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.exponentialRampToValueAtTime(0.2, t0 + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.14);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t0);
    osc.stop(t0 + 0.15);
  });
}

/** One soft tone (~0.12 s) for a new visitor message, at `volume` (0 to 100). Silent until audio is allowed. */
export function messageTone(volume: number): void {
  const ctx = context();
  if (!ctx || ctx.state !== 'running' || volume <= 0) return;
  const t0 = ctx.currentTime;
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'sine';
  osc.frequency.value = 660;
  gain.gain.setValueAtTime(0.0001, t0);
  gain.gain.exponentialRampToValueAtTime(Math.max(0.0002, 0.25 * Math.min(volume, 100) / 100), t0 + 0.015);
  gain.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.12);
  osc.connect(gain).connect(ctx.destination);
  osc.start(t0);
  osc.stop(t0 + 0.13);
}

/** A system notification; clicking it focuses the workspace. */
export function notify(title: string, body: string, tag: string): void {
  if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
  try {
    const n = new Notification(title, { body, tag });
    n.onclick = () => {
      window.focus();
      n.close();
    };
  } catch {
    /* some mobile browsers only allow notifications from a service worker */
  }
}
