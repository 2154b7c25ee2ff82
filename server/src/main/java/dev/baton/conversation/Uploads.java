package dev.baton.conversation;

import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** Reading the fields of a multipart message request (Chatwoot's {@code attachments[]}). */
public final class Uploads {

    private Uploads() {
    }

    /** The files under {@code attachments[]} (or {@code attachments}). */
    public static List<MultipartFile> files(MultipartHttpServletRequest request) {
        List<MultipartFile> files = new ArrayList<>(request.getFiles("attachments[]"));
        files.addAll(request.getFiles("attachments"));
        return files;
    }

    /** A text field; NUL cannot be stored and is refused as in JSON bodies. */
    public static String text(MultipartHttpServletRequest request, String name) {
        String value = request.getParameter(name);
        if (value != null && value.indexOf('\u0000') >= 0) {
            throw new BatonException(ErrorCode.INVALID_CHARACTERS);
        }
        return value;
    }
}
