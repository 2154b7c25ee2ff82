package dev.baton.testing;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A multipart/form-data body, as browsers send it. */
public final class Multipart {
    private final String boundary = "----baton" + UUID.randomUUID().toString().replace("-", "");
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final List<HttpRequest.BodyPublisher> parts = new ArrayList<>();

    public Multipart field(String name, String value) {
        // as browsers send FormData text fields: no Content-Type, UTF-8
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n");
        write(value);
        write("\r\n");
        return this;
    }

    public Multipart file(String name, String filename, String contentType, byte[] data) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        out.writeBytes(data);
        write("\r\n");
        return this;
    }

    /** A file part read from disk while it is sent (large files never sit in the test's memory). */
    public Multipart file(String name, String filename, String contentType, Path data) {
        write("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: " + contentType + "\r\n\r\n");
        flushBytes();
        try {
            parts.add(HttpRequest.BodyPublishers.ofFile(data));
        } catch (FileNotFoundException e) {
            throw new IllegalStateException(e);
        }
        write("\r\n");
        return this;
    }

    public Api.Response post(Api api, String path) {
        write("--" + boundary + "--\r\n");
        flushBytes();
        return api.send("POST", path, HttpRequest.BodyPublishers.concat(parts.toArray(HttpRequest.BodyPublisher[]::new)),
                "multipart/form-data; boundary=" + boundary);
    }

    private void flushBytes() {
        if (out.size() > 0) {
            parts.add(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray()));
            out.reset();
        }
    }

    private void write(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }
}
