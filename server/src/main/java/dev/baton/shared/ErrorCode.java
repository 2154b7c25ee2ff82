package dev.baton.shared;

import java.text.Format;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Every stable problem code the server answers, with its HTTP status and its one message
 * ({@code errors.<code>} in {@code i18n/errors.properties}, a {@link MessageFormat} pattern whose
 * arguments come from the throw site; {@code errors_de}, {@code _fr} and {@code _it} say the same with the same
 * arguments). Clients branch on {@link #code()}; a code never changes
 * meaning. The HTTP status is a plain number so that services can use codes without HTTP types;
 * {@link ProblemResponses} is the one place that turns it into a response.
 */
public enum ErrorCode {

    // 400: the request cannot be read
    MALFORMED_JSON(400),
    MALFORMED_MULTIPART(400),
    /** {0}: the field or parameter. */
    INVALID_TYPE(400),
    /** {0}: the parameter. */
    MISSING_PARAMETER(400),
    /** {0}: the header. */
    MISSING_HEADER(400),
    INVALID_CHARACTERS(400),
    /** Realtime socket only: a client message of a type the server does not know. {0}: the type. */
    UNKNOWN_TYPE(400),
    /** Refused before any controller: the container's own 400s (an encoded slash or NUL in the path) and the firewall's. */
    BAD_REQUEST(400),
    /** Slack's OAuth callback with a state Baton did not sign, that has expired or was used. {0}: which. */
    SLACK_INSTALL_STATE_INVALID(400),
    /** A follow-up mail's link that reopens the chat, which Baton did not sign or that names another inbox. {0}: which. */
    RESUME_LINK_INVALID(400),

    // 401: who is asking is not known
    UNAUTHORIZED(401),
    INVALID_ACCESS_TOKEN(401),
    INVALID_CREDENTIALS(401),
    IDENTITY_VERIFICATION_FAILED(401),
    /** {0}: the invitee's e-mail. */
    SIGN_IN_REQUIRED(401),
    /** A request to /slack/* without Slack's valid, fresh X-Slack-Signature. {0}: what is wrong. */
    SLACK_SIGNATURE_INVALID(401),

    // 403: known, but not allowed
    /** {0}: who may, {1}: what ("administrators", "see reports"). */
    FORBIDDEN(403),
    CSRF_OR_ACCESS_DENIED(403),
    /** {0}: the origin. */
    ORIGIN_NOT_ALLOWED(403),

    /** {0}: the kind of resource ("Conversation"). Also for resources of other accounts: never tell which. */
    NOT_FOUND(404),
    INVITATION_INVALID(404),
    /** {0}: the method. */
    METHOD_NOT_ALLOWED(405),
    NOT_ACCEPTABLE(406),
    /** A follow-up mail's link that reopens the chat, past its time (baton.follow-up.link-validity). */
    RESUME_LINK_EXPIRED(410),
    /** {0}: the days an import's error report is kept after it finished (baton.imports.error-retention). */
    IMPORT_ERRORS_EXPIRED(410),

    // 409: the request is valid but the current state does not allow it
    ALREADY_MEMBER(409),
    ALREADY_INVITED(409),
    EMAIL_TAKEN(409),
    LAST_ADMINISTRATOR(409),
    /** {0}: the number of seats. */
    LICENCE_SEATS_EXHAUSTED(409),
    /** {0}: seats in use, {1}: the number asked for. */
    LICENCE_SEATS_IN_USE(409),
    CONTACT_TAKEN(409),
    IDENTIFIER_TAKEN(409),
    /** {0}: the agent's name, {1}: open conversations, {2}: capacity. */
    AGENT_AT_CAPACITY(409),
    /** {0}: the agent's name. */
    AGENT_NOT_AVAILABLE(409),
    CONVERSATION_HAS_AGENT(409),
    HANDOFF_IN_PROGRESS(409),
    NO_HANDOFF(409),
    NOT_WITH_AN_AGENT(409),
    OFFER_EXPIRED(409),
    OFFER_WITHDRAWN(409),
    /** {0}: how it was answered ("accepted", "declined"). */
    OFFER_ANSWERED(409),
    OFFER_NOT_YOURS(409),
    NO_BOT(409),
    CONVERSATION_RESOLVED(409),
    CONVERSATION_OPEN(409),
    CONVERSATION_CHANGED(409),
    NOT_OWNED_BY_BOT(409),
    /** Only the inbox's primary bot takes the thread (the handover protocol). */
    NOT_PRIMARY_BOT(409),
    /** {0}: the agent's name. */
    NOT_A_PARTICIPANT(409),
    /** {0}: the transition ("Assign"), {1}: the conversation's state ("resolved"). */
    TRANSITION_NOT_ALLOWED(409),
    /** A disabled webhook's delivery cannot be re-sent until the webhook is enabled. */
    WEBHOOK_DISABLED(409),
    /** A node is sending this delivery right now. */
    DELIVERY_IN_PROGRESS(409),
    SLACK_NOT_CONNECTED(409),
    /** "Add to Slack" without baton.slack.client-id and client-secret: paste a bot token instead. */
    SLACK_INSTALL_UNAVAILABLE(409),

    /** {0}: the limit in bytes. */
    PAYLOAD_TOO_LARGE(413),
    URI_TOO_LONG(414),
    UNSUPPORTED_MEDIA_TYPE(415),

    // 422: readable, but the content is not acceptable
    /** {0}: the field problems' own messages (see {@link BatonException#invalid(java.util.List)}). */
    VALIDATION_FAILED(422),
    UNSUPPORTED_FILE_TYPE(422),
    MESSAGE_EMPTY(422),
    /** {0}: the account's limit, {1}: the message's length. */
    MESSAGE_TOO_LONG(422),
    WRAP_UP_REASON_REQUIRED(422),
    /** An avatar upload whose first bytes are not a PNG, JPEG or GIF image. */
    AVATAR_NOT_AN_IMAGE(422),
    /** An avatar upload that looks like an image but does not decode, or has too many pixels. */
    AVATAR_UNREADABLE(422),
    /** {0}: the installation's limit ({@code baton.limits.max-licence-seats}). */
    LICENCE_SEATS_ABOVE_LIMIT(422),
    /** {0}: the number of problems. */
    INVALID_STORY(422),

    /** {0}: seconds until a retry may succeed (also sent as {@code Retry-After}). */
    RATE_LIMITED(429),
    /** {0}: seconds until the next attempt may be made (also sent as {@code Retry-After}). */
    TOO_MANY_SIGN_IN_ATTEMPTS(429),
    HEADERS_TOO_LARGE(431),

    INTERNAL_ERROR(500),
    /** Slack answered with an error. {0}: Slack's code, {1}: what it means for the admin. */
    SLACK_ERROR(502),
    /** {0}: seconds until a retry may succeed (also sent as {@code Retry-After}). */
    SIGN_IN_BUSY(503);

    private static final String BUNDLE = "i18n.errors";
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final String code;
    private final int status;
    private final String messageKey;

    ErrorCode(int status) {
        this.code = name().toLowerCase(Locale.ROOT);
        this.status = status;
        this.messageKey = "errors." + code;
    }

    /** The wire code, snake_case: what clients branch on. */
    public String code() {
        return code;
    }

    /** The HTTP status of every problem with this code. */
    public int status() {
        return status;
    }

    /** The key of this code's message in {@code i18n/errors.properties}. */
    public String messageKey() {
        return messageKey;
    }

    /** This code's message with the throw site's arguments in English, the API's own language (logs, sockets). */
    public String message(Object... args) {
        return message(Locale.ENGLISH, args);
    }

    /**
     * This code's message in {@code locale}'s language ({@code i18n/errors_de.properties}, ...; English where
     * there is no bundle of that language), with the throw site's arguments.
     */
    public String message(Locale locale, Object... args) {
        String pattern = ResourceBundle.getBundle(BUNDLE, locale, NO_FALLBACK).getString(messageKey);
        MessageFormat format = new MessageFormat(pattern, locale);
        Object[] values = args == null ? new Object[0] : args.clone();
        Format[] formats = format.getFormatsByArgumentIndex();
        for (int i = 0; i < values.length; i++) {
            if (values[i] instanceof Number && (i >= formats.length || formats[i] == null)) {
                values[i] = values[i].toString(); // a plain {n} prints 1000 as the field messages do, not 1,000
            }
        }
        return format.format(values);
    }
}
