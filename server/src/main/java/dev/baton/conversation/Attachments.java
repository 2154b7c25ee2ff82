package dev.baton.conversation;

import dev.baton.shared.BatonException;
import dev.baton.shared.BatonProperties;
import dev.baton.shared.FieldProblem;
import dev.baton.shared.Tokens;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.web.multipart.MultipartFile;

/**
 * Images sent with messages. Every file of a request is checked (count, size, type by its first
 * bytes) before anything is written; the files are then stored under {@code ${baton.data-dir}/uploads/}
 * with random names, and removed again when the message is not written after all.
 */
@Service
public class Attachments {

    /** A file written to the uploads directory, not yet part of a message. */
    public record Stored(String fileType, String contentType, long byteSize, String storageKey, String accessToken) {
    }

    private static final Logger log = LoggerFactory.getLogger(Attachments.class);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};

    private final Path directory;
    private final long maxBytes;
    private final int maxFiles;

    Attachments(BatonProperties properties) {
        this.directory = properties.dataDir().resolve("uploads").toAbsolutePath().normalize();
        this.maxBytes = properties.limits().maxAttachmentBytes();
        this.maxFiles = properties.limits().maxAttachmentsPerMessage();
    }

    /**
     * Stores the files, runs {@code post} (which writes the message in its own transaction) and removes
     * the files again when it fails or when it returned an earlier message (a retried {@code echo_id}).
     */
    public Posted post(List<MultipartFile> files, Function<List<Stored>, Posted> post) {
        List<Stored> stored = store(files == null ? List.of() : files);
        try {
            Posted posted = post.apply(stored);
            if (!posted.created()) {
                discard(stored);
            }
            return posted;
        } catch (RuntimeException | Error e) {
            discard(stored);
            throw e;
        }
    }

    List<Stored> store(List<MultipartFile> files) {
        List<MultipartFile> present = files.stream().filter(f -> f != null && !f.isEmpty()).toList();
        if (present.size() > maxFiles) {
            throw BatonException.invalid("attachments", "length", "a message may have at most " + maxFiles + " attachments");
        }
        List<String> types = new ArrayList<>();
        for (MultipartFile file : present) {
            if (file.getSize() > maxBytes) {
                throw new BatonException(HttpStatus.CONTENT_TOO_LARGE, "payload_too_large",
                        "An attachment may have at most " + maxBytes + " bytes");
            }
            String type = detect(head(file));
            if (type == null) {
                throw new BatonException(HttpStatus.UNPROCESSABLE_CONTENT, "unsupported_file_type",
                        "Attachments must be PNG, JPEG, GIF or WebP images",
                        List.of(new FieldProblem("attachments", "unsupported_file_type",
                                "must be a PNG, JPEG, GIF or WebP image")));
            }
            types.add(type);
        }
        List<Stored> stored = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            for (int i = 0; i < present.size(); i++) {
                MultipartFile file = present.get(i);
                String key = Tokens.random(24);
                try (InputStream in = file.getInputStream()) {
                    long size = Files.copy(in, directory.resolve(key));
                    stored.add(new Stored("image", types.get(i), size, key, Tokens.random(32)));
                }
            }
        } catch (IOException e) {
            discard(stored);
            throw new UncheckedIOException("Cannot store an attachment under " + directory, e);
        }
        return stored;
    }

    void discard(List<Stored> stored) {
        for (Stored s : stored) {
            try {
                Files.deleteIfExists(directory.resolve(s.storageKey()));
            } catch (IOException e) {
                log.warn("Cannot remove the unused upload {}", s.storageKey(), e);
            }
        }
    }

    Path path(Attachment attachment) {
        return directory.resolve(attachment.storageKey());
    }

    private static byte[] head(MultipartFile file) {
        try (InputStream in = file.getInputStream()) {
            return in.readNBytes(12);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The image type by its magic bytes, whatever the client claimed; null for anything else. */
    static String detect(byte[] head) {
        if (startsWith(head, PNG)) {
            return "image/png";
        }
        if (startsWith(head, JPEG)) {
            return "image/jpeg";
        }
        if (head.length >= 6 && (ascii(head, 0, "GIF87a") || ascii(head, 0, "GIF89a"))) {
            return "image/gif";
        }
        if (head.length >= 12 && ascii(head, 0, "RIFF") && ascii(head, 8, "WEBP")) {
            return "image/webp";
        }
        return null;
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean ascii(byte[] data, int offset, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (data[offset + i] != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
