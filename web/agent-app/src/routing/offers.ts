// Pure helpers for the offer cards: the list cache, the countdown and the answers' refusals.
import { ApiError } from '../api/http';
import type { Offer } from '../api/types';

/** An offer as the client holds it: with the local time (ms) at which it runs out. */
export interface HeldOffer extends Offer {
  deadline_ms: number;
}

/**
 * When the offer runs out on this machine's clock. `seconds_left` was computed by the server
 * when it built the card, so counting down from the moment we received it is immune to clock
 * skew between browser and server; `expires_at` is the fallback.
 */
export function localDeadline(offer: Offer, receivedAtMs: number): number {
  if (typeof offer.seconds_left === 'number' && Number.isFinite(offer.seconds_left)) {
    return receivedAtMs + Math.max(0, offer.seconds_left) * 1000;
  }
  return offer.expires_at * 1000;
}

export function hold(offer: Offer, receivedAtMs: number): HeldOffer {
  return { ...offer, deadline_ms: localDeadline(offer, receivedAtMs) };
}

/** Whole seconds left, never negative. */
export function secondsLeft(offer: HeldOffer, nowMs: number): number {
  return Math.max(0, Math.ceil((offer.deadline_ms - nowMs) / 1000));
}

/** "0:07", "1:05" */
export function formatCountdown(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Adds or replaces an offer (by id); oldest first, like GET /offers. */
export function addOffer(list: HeldOffer[] | undefined, offer: HeldOffer): HeldOffer[] {
  const rest = (list ?? []).filter((o) => o.id !== offer.id);
  return [...rest, offer].sort((a, b) => a.created_at - b.created_at || a.id - b.id);
}

export function removeOffer(list: HeldOffer[] | undefined, offerId: number): HeldOffer[] {
  return (list ?? []).filter((o) => o.id !== offerId);
}

/**
 * Offers this client saw end. An offer's card is sent after the routing pass commits (ADR 0064), so an offer
 * withdrawn or expired at once can end before its card arrives; the card of an ended offer is not shown.
 */
export class EndedOffers {
  private readonly ids = new Set<number>();

  constructor(private readonly limit = 500) {}

  add(offerId: number): void {
    this.ids.add(offerId);
    if (this.ids.size > this.limit) this.ids.delete(this.ids.values().next().value as number);
  }

  has(offerId: number): boolean {
    return this.ids.has(offerId);
  }
}

/** Offers whose time ran out a while ago (the server's offer.expired may have been missed). */
export function dropStale(list: HeldOffer[] | undefined, nowMs: number, graceMs = 5000): HeldOffer[] {
  return (list ?? []).filter((o) => o.deadline_ms + graceMs > nowMs);
}

export const OFFER_CONFLICTS = ['offer_expired', 'offer_withdrawn', 'offer_answered', 'offer_not_yours'] as const;
export type OfferConflict = (typeof OFFER_CONFLICTS)[number];

/**
 * The refusal code when answering an offer failed because it is gone (409, or 404 when it no
 * longer exists): the card should then disappear. undefined for other errors (retryable).
 */
export function offerGoneCode(error: unknown): OfferConflict | 'not_found' | undefined {
  if (!(error instanceof ApiError)) return undefined;
  if (error.status === 404) return 'not_found';
  if (error.status !== 409) return undefined;
  const code = error.problem.code;
  return OFFER_CONFLICTS.find((c) => c === code) ?? 'offer_withdrawn';
}

/** The last few messages a card shows (visitor, bot and agent messages; no activity lines). */
export function previewMessages(offer: Offer, count = 3) {
  return (offer.messages ?? []).filter((m) => m.message_type !== 2 && m.content).slice(-count);
}

/** What a card says about where the offer comes from. */
export type OfferOrigin =
  | { type: 'transfer'; from: string | null; note: string | null }
  | { type: 'conference'; from: string | null; note: string | null }
  | { type: 'teamTransfer'; from: string | null; note: string | null }
  | { type: 'handoff'; reason: string | null; summary: string | null };

/**
 * A transfer to this agent, an invitation to a conference, a transfer to the team (a handoff the
 * server gives the reason "transfer", with the note as summary), or an ordinary handoff.
 */
/** Baton's own handoff reasons, which the workspace names in words; an API client's reason is shown as it is. */
export const SYSTEM_REASONS = ['bot', 'visitor', 'new_chat', 'transfer'] as const;

export function reasonText(reason: string, t: (key: string) => string): string {
  return (SYSTEM_REASONS as readonly string[]).includes(reason) ? t(`offers.reasons.${reason}`) : reason;
}

export function offerOrigin(offer: Offer): OfferOrigin {
  const from = offer.requested_by_name || null;
  const note = offer.summary?.trim() || null;
  if (offer.kind === 'transfer') return { type: 'transfer', from, note };
  if (offer.kind === 'conference') return { type: 'conference', from, note };
  if (offer.reason === 'transfer' && offer.requested_by != null) return { type: 'teamTransfer', from, note };
  return { type: 'handoff', reason: offer.reason, summary: offer.summary };
}
