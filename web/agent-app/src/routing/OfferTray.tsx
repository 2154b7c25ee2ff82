import { useTranslation } from 'react-i18next';
import { formatMessageTime } from '../lib/format';
import { useAnswerOffer, useDropStaleOffers, useNow, useOffers } from './hooks';
import { formatCountdown, offerOrigin, previewMessages, reasonText, secondsLeft, type HeldOffer } from './offers';

/** The pending offers as cards above the inbox, each with a live countdown. */
export function OfferTray({ accountId }: { accountId: number }) {
  const { t } = useTranslation();
  const offers = useOffers(accountId);
  const list = offers.data ?? [];
  const now = useNow(1000, list.length > 0);
  useDropStaleOffers(accountId, now);
  const answer = useAnswerOffer(accountId);
  if (list.length === 0) return null;

  return (
    <section className="offer-tray" aria-label={t('offers.title')}>
      {list.map((offer) => (
        <OfferCard
          key={offer.id}
          offer={offer}
          now={now}
          busy={answer.isPending && answer.variables?.offer.id === offer.id}
          onAnswer={(a) => answer.mutate({ offer, answer: a })}
        />
      ))}
    </section>
  );
}

function OfferCard({
  offer,
  now,
  busy,
  onAnswer,
}: {
  offer: HeldOffer;
  now: number;
  busy: boolean;
  onAnswer: (answer: 'accept' | 'decline') => void;
}) {
  const { t, i18n } = useTranslation();
  const left = secondsLeft(offer, now);
  const name = offer.visitor_name || t('offers.someone');
  const urgent = left <= 5;
  return (
    <article className={`offer-card offer-card--${offer.kind}`} aria-label={t('offers.cardLabel', { name })}>
      <header className="offer-card__head">
        <span className={`chip chip--offer-${offer.kind}`}>{t(`offers.kind.${offer.kind}`)}</span>
        <strong className="offer-card__name">{name}</strong>
        <span
          className={`offer-card__timer${urgent ? ' offer-card__timer--urgent' : ''}`}
          role="timer"
          aria-label={t('offers.secondsLeft', { count: left })}
        >
          {left > 0 ? formatCountdown(left) : t('offers.expiring')}
        </span>
      </header>
      <p className="offer-card__where muted">
        {offer.inbox?.name}
        {offer.team ? ` · ${offer.team.name}` : ''}
      </p>
      <OfferOriginLines offer={offer} />
      <ol className="offer-card__messages">
        {previewMessages(offer).map((m) => (
          <li key={m.id} className={m.message_type === 0 ? 'from-visitor' : 'from-us'}>
            <span className="offer-card__who">
              {m.message_type === 0 ? name : m.sender_type === 'AgentBot' || m.sender?.type === 'agent_bot' ? t('message.bot') : m.sender?.name}
            </span>{' '}
            <span className="offer-card__text">{m.content}</span>{' '}
            <time className="muted">{formatMessageTime(m.created_at, i18n.language)}</time>
          </li>
        ))}
      </ol>
      <div className="offer-card__actions">
        <button type="button" className="button" disabled={busy} onClick={() => onAnswer('decline')}>
          {t('offers.decline')}
        </button>
        <button type="button" className="button button--success" disabled={busy || left === 0} onClick={() => onAnswer('accept')}>
          {t('offers.accept')}
        </button>
      </div>
    </article>
  );
}

/** Who hands the conversation over and why: a transfer (from whom, the note), an invitation, or the handoff's reason. */
function OfferOriginLines({ offer }: { offer: HeldOffer }) {
  const { t } = useTranslation();
  const origin = offerOrigin(offer);
  if (origin.type === 'handoff') {
    return (
      <>
        {origin.reason && <p className="offer-card__reason">{t('offers.reason', { reason: reasonText(origin.reason, t) })}</p>}
        {origin.summary && <p className="offer-card__summary">{origin.summary}</p>}
      </>
    );
  }
  const from = origin.from ?? t('actions.offer.aColleague');
  const team = offer.team?.name ?? '';
  const line =
    origin.type === 'transfer'
      ? t('actions.offer.transfer', { name: from })
      : origin.type === 'conference'
        ? t('actions.offer.conference', { name: from })
        : t('actions.offer.teamTransfer', { name: from, team });
  return (
    <>
      <p className="offer-card__from">{line}</p>
      {origin.note && (
        <p className="offer-card__summary">
          <span className="offer-card__who">{t('actions.offer.note')}</span> {origin.note}
        </p>
      )}
    </>
  );
}
