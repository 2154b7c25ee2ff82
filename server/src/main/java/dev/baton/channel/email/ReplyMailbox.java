package dev.baton.channel.email;

import jakarta.mail.Address;
import jakarta.mail.BodyPart;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.search.FlagTerm;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Fetches visitors' e-mail answers by IMAP polling ({@code baton.follow-up.imap.*}, off by default) on a thread of its
 * own, so that a slow mail server holds up neither a request nor the shared scheduler. Each unseen mail is handed to
 * {@link FollowUpReplies} and then flagged seen; one taken twice (a crash between the two, two nodes) is still one
 * message, by its Message-ID.
 */
@Component
class ReplyMailbox implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ReplyMailbox.class);
    private static final Pattern MESSAGE_ID = Pattern.compile("<([^<>\\s]+)>");

    private final FollowUpSettings.Imap imap;
    private final FollowUpReplies replies;
    private ScheduledExecutorService executor;

    ReplyMailbox(FollowUpSettings settings, FollowUpReplies replies) {
        this.imap = settings.imap();
        this.replies = replies;
    }

    @Override
    public synchronized void start() {
        if (!imap.enabled() || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("follow-up-imap").daemon().factory());
        long every = Math.max(1, imap.interval().toMillis());
        executor.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
        log.info("Follow-up answers are fetched from {}:{} every {}", imap.host(), imap.port(), imap.interval());
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (Exception e) {
            log.warn("Fetching follow-up answers from {}:{} failed; the next poll retries: {}", imap.host(), imap.port(), e.getMessage());
        }
    }

    /** One pass over the unseen mails; the number handed on. Tests call it too. */
    synchronized int poll() throws MessagingException, IOException {
        String protocol = imap.tls() ? "imaps" : "imap";
        Properties p = new Properties();
        p.put("mail." + protocol + ".connectiontimeout", "10000");
        p.put("mail." + protocol + ".timeout", "20000");
        p.put("mail." + protocol + ".writetimeout", "20000");
        Session session = Session.getInstance(p);
        int handled = 0;
        try (Store store = session.getStore(protocol)) {
            store.connect(imap.host(), imap.port(), imap.username(), imap.password());
            Folder folder = store.getFolder(imap.folder());
            folder.open(Folder.READ_WRITE);
            try {
                for (Message message : folder.search(new FlagTerm(new Flags(Flags.Flag.SEEN), false))) {
                    String outcome = replies.take(inbound((MimeMessage) message));
                    message.setFlag(Flags.Flag.SEEN, true);
                    log.debug("Follow-up mail {}: {}", message.getMessageNumber(), outcome);
                    handled++;
                }
            } finally {
                folder.close(false);
            }
        }
        return handled;
    }

    static FollowUpReplies.Inbound inbound(MimeMessage m) throws MessagingException, IOException {
        String id = firstId(m.getMessageID());
        String from = m.getFrom() == null || m.getFrom().length == 0 ? null : address(m.getFrom()[0]);
        List<String> recipients = new ArrayList<>();
        for (Address a : m.getAllRecipients() == null ? new Address[0] : m.getAllRecipients()) {
            recipients.add(address(a));
        }
        for (String header : List.of("Delivered-To", "X-Original-To")) {
            String[] values = m.getHeader(header);
            if (values != null) {
                recipients.addAll(Arrays.stream(values).map(String::strip).toList());
            }
        }
        List<String> references = new ArrayList<>(ids(m.getHeader("References", " ")));
        references.addAll(ids(m.getHeader("In-Reply-To", " ")));
        if (id == null) {
            // Without a Message-ID, what the mail says stands in for one, so that fetching it again still finds it.
            id = "no-id." + FollowUpReplies.sha256(from + "|" + m.getSentDate() + "|" + m.getSubject());
        }
        return new FollowUpReplies.Inbound(id, from, recipients, references, text(m));
    }

    private static String address(Address a) {
        return a instanceof InternetAddress ia ? ia.getAddress() : a.toString();
    }

    private static String firstId(String header) {
        List<String> ids = ids(header);
        return ids.isEmpty() ? null : ids.getFirst();
    }

    private static List<String> ids(String header) {
        List<String> ids = new ArrayList<>();
        if (header != null) {
            Matcher matcher = MESSAGE_ID.matcher(header);
            while (matcher.find()) {
                ids.add(matcher.group(1));
            }
        }
        return ids;
    }

    /** The plain text of a mail: its text/plain part, else its HTML part without the tags. */
    static String text(Part part) throws MessagingException, IOException {
        if (part.isMimeType("text/plain")) {
            return String.valueOf(part.getContent());
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            String html = null;
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart body = multipart.getBodyPart(i);
                if (Part.ATTACHMENT.equalsIgnoreCase(body.getDisposition())) {
                    continue;
                }
                String text = text(body);
                if (text != null && (body.isMimeType("text/plain") || body.isMimeType("multipart/*"))) {
                    return text;
                }
                html = html == null ? text : html;
            }
            return html;
        }
        if (part.isMimeType("text/html")) {
            return String.valueOf(part.getContent()).replaceAll("(?i)<br\\s*/?>|</p>|</div>", "\n").replaceAll("<[^>]+>", "")
                    .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
        }
        return null;
    }
}
