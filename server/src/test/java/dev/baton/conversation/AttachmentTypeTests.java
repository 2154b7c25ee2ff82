package dev.baton.conversation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Image types are told by their first bytes, never by name or declared type. */
class AttachmentTypeTests {

    @Test
    void detectsPngJpegGifAndWebpByTheirMagicBytes() {
        assertThat(Attachments.detect(AttachmentIntegrationTests.PNG)).isEqualTo("image/png");
        assertThat(Attachments.detect(AttachmentIntegrationTests.JPEG)).isEqualTo("image/jpeg");
        assertThat(Attachments.detect(AttachmentIntegrationTests.GIF)).isEqualTo("image/gif");
        assertThat(Attachments.detect("GIF87a......".getBytes(StandardCharsets.US_ASCII))).isEqualTo("image/gif");
        assertThat(Attachments.detect(AttachmentIntegrationTests.WEBP)).isEqualTo("image/webp");
    }

    @Test
    void refusesEverythingElse() {
        assertThat(Attachments.detect("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(Attachments.detect("RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(Attachments.detect("%PDF-1.7".getBytes(StandardCharsets.US_ASCII))).isNull();
        assertThat(Attachments.detect(new byte[] {(byte) 0x89, 'P', 'N'})).isNull();
        assertThat(Attachments.detect(new byte[0])).isNull();
    }
}
