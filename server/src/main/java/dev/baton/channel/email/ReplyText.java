package dev.baton.channel.email;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What the visitor wrote in an e-mail answer, without what their mail program added: the quoted mail ("On ... wrote:"
 * in the four languages Baton speaks, "-----Original Message-----", an Outlook header block, lines starting with
 * {@code >}), Baton's own transcript, and the signature ("-- ", "Sent from my ...").
 */
final class ReplyText {

    /** Where the quoted part starts; the attribution line may be wrapped over two lines. */
    private static final Pattern ATTRIBUTION = Pattern.compile(
            "(?ims)^[ \\t]*(On|Am|Le|Il)\\b[^\\n]{0,300}?(\\n[^\\n]{0,200}?)?\\b(wrote|schrieb|a écrit|ha scritto)\\b[^\\n]{0,200}?:[ \\t]*$");
    private static final Pattern CUT_LINE = Pattern.compile(
            "(?i)^[ \\t]*(-{2,}\\s*original message\\s*-{2,}|-{2,}\\s*(ursprüngliche nachricht|message d'origine|messaggio originale)\\s*-{2,}"
                    + "|_{10,}|-- .+ --|(from|von|de|da):\\s.+@.+)[ \\t]*$");
    private static final Pattern SIGNATURE = Pattern.compile(
            "(?i)^(-- ?|sent from my .*|von meinem .* gesendet|envoyé de mon .*|inviato da.*)$");

    private ReplyText() {
    }

    static String strip(String text) {
        if (text == null) {
            return "";
        }
        String t = text.replace("\r\n", "\n").replace('\r', '\n');
        var attribution = ATTRIBUTION.matcher(t);
        if (attribution.find()) {
            t = t.substring(0, attribution.start());
        }
        List<String> kept = new ArrayList<>();
        for (String line : t.split("\n", -1)) {
            if (CUT_LINE.matcher(line).matches() || SIGNATURE.matcher(line).matches()) {
                break;
            }
            if (!line.stripLeading().startsWith(">")) {
                kept.add(line.stripTrailing());
            }
        }
        return String.join("\n", kept).strip();
    }
}
