package dev.baton.conversation;

import dev.baton.shared.BatonException;
import dev.baton.shared.ErrorCode;
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

    private final AttachmentRepository repository;

    Attachments(BatonProperties properties, AttachmentRepository repository) {
        this.repository = repository;
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

    /**
     * Files from elsewhere (images shared in a Slack channel), checked and stored as uploads are, then
     * {@link #post}'s contract; a {@code post} that answers null wrote nothing and the files are removed.
     */
    public Posted postBytes(List<byte[]> files, Function<List<Stored>, Posted> post) {
        List<Source> sources = files.stream().map(b -> new Source(b.length, () -> new java.io.ByteArrayInputStream(b))).toList();
        List<Stored> stored = storeAll(sources);
        try {
            Posted posted = post.apply(stored);
            if (posted == null || !posted.created()) {
                discard(stored);
            }
            return posted;
        } catch (RuntimeException | Error e) {
            discard(stored);
            throw e;
        }
    }

    /** Whether a file from elsewhere would be taken: an image by its first bytes, within the size limit. */
    public boolean acceptable(byte[] bytes) {
        return bytes.length <= maxBytes && detect(Arrays.copyOf(bytes, Math.min(bytes.length, 12))) != null;
    }

    public long maxBytes() {
        return maxBytes;
    }

    public int maxFiles() {
        return maxFiles;
    }

    /** The images of a message, oldest first. */
    public List<Image> images(long messageId) {
        return repository.byMessages(List.of(messageId)).getOrDefault(messageId, List.of()).stream()
                .map(a -> new Image(a.id(), a.contentType(), a.byteSize(), a.storageKey())).toList();
    }

    /** The bytes of an image of {@link #images}. */
    public byte[] read(Image image) {
        try {
            return Files.readAllBytes(path(image.storageKey()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An image stored with a message. */
    public record Image(long id, String contentType, long byteSize, String storageKey) {

        /** A file name for other systems: the id and the type's extension. */
        public String fileName() {
            return "image-" + id + "." + contentType.substring(contentType.indexOf('/') + 1);
        }
    }

    private interface Opener {
        InputStream open() throws IOException;
    }

    private record Source(long size, Opener opener) {
    }

    List<Stored> store(List<MultipartFile> files) {
        return storeAll(files.stream().filter(f -> f != null && !f.isEmpty())
                .map(f -> new Source(f.getSize(), f::getInputStream)).toList());
    }

    private List<Stored> storeAll(List<Source> present) {
        if (present.size() > maxFiles) {
            throw BatonException.invalid("attachments", "length", "a message may have at most " + maxFiles + " attachments");
        }
        List<String> types = new ArrayList<>();
        for (Source file : present) {
            if (file.size() > maxBytes) {
                throw new BatonException(ErrorCode.PAYLOAD_TOO_LARGE, maxBytes);
            }
            String type = detect(head(file));
            if (type == null) {
                throw new BatonException(ErrorCode.UNSUPPORTED_FILE_TYPE,
                        List.of(new FieldProblem("attachments", "unsupported_file_type",
                                "must be a PNG, JPEG, GIF or WebP image")));
            }
            types.add(type);
        }
        List<Stored> stored = new ArrayList<>();
        try {
            Files.createDirectories(directory);
            for (int i = 0; i < present.size(); i++) {
                Source file = present.get(i);
                String key = Tokens.random(24);
                try (InputStream in = file.opener().open()) {
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
        return path(attachment.storageKey());
    }

    Path path(String storageKey) {
        return directory.resolve(storageKey);
    }

    private static byte[] head(Source file) {
        try (InputStream in = file.opener().open()) {
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
