package dev.baton.account;

import dev.baton.shared.BatonException;
import dev.baton.shared.BatonProperties;
import dev.baton.shared.ErrorCode;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import org.springframework.stereotype.Component;

/**
 * An uploaded picture made into an avatar: recognised by its first bytes (PNG, JPEG, GIF; never by its name), within
 * the attachment size limit and a pixel limit checked before decoding, the first frame cropped to its centre square
 * and scaled to {@link #SIZE} pixels, written as PNG. JDK ImageIO only: no native code.
 */
@Component
class AvatarImages {

    static final int SIZE = 256;
    /** Pixels read from the file's header before anything is decoded: a small file cannot unpack into gigabytes. */
    private static final long MAX_PIXELS = 40_000_000L;

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};
    private static final byte[] JPEG = {(byte) 0xff, (byte) 0xd8, (byte) 0xff};
    private static final byte[] GIF = {'G', 'I', 'F', '8'};

    private final long maxBytes;

    AvatarImages(BatonProperties properties) {
        this.maxBytes = properties.limits().maxAttachmentBytes();
    }

    long maxBytes() {
        return maxBytes;
    }

    /** The avatar PNG of an upload, or a typed refusal: too large (413), not an image (422), unreadable (422). */
    byte[] avatar(byte[] upload) {
        if (upload.length > maxBytes) {
            throw new BatonException(ErrorCode.PAYLOAD_TOO_LARGE, maxBytes);
        }
        if (!(starts(upload, PNG) || starts(upload, JPEG) || starts(upload, GIF))) {
            throw new BatonException(ErrorCode.AVATAR_NOT_AN_IMAGE);
        }
        BufferedImage first = firstFrame(upload);
        int side = Math.min(first.getWidth(), first.getHeight());
        BufferedImage square = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = square.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
            int x = (first.getWidth() - side) / 2;
            int y = (first.getHeight() - side) / 2;
            g.drawImage(first, 0, 0, SIZE, SIZE, x, y, x + side, y + side, null);
        } finally {
            g.dispose();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(square, "png", out);
        } catch (IOException e) {
            throw new IllegalStateException("PNG encoding failed", e);
        }
        return out.toByteArray();
    }

    private BufferedImage firstFrame(byte[] upload) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(upload))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new BatonException(ErrorCode.AVATAR_NOT_AN_IMAGE);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels <= 0 || pixels > MAX_PIXELS) {
                    throw new BatonException(ErrorCode.AVATAR_UNREADABLE);
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof BatonException refused) {
                throw refused;
            }
            throw new BatonException(ErrorCode.AVATAR_UNREADABLE); // a damaged file: its header or data do not decode
        }
    }

    private static boolean starts(byte[] bytes, byte[] magic) {
        return bytes.length >= magic.length && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length);
    }
}
