package dev.baton.shared;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import java.io.ByteArrayInputStream;

/** A request body already read into memory, served again to the filters and handlers after the one that read it. */
public final class BytesInputStream extends ServletInputStream {

    private final ByteArrayInputStream in;

    public BytesInputStream(byte[] body) {
        this.in = new ByteArrayInputStream(body);
    }

    @Override
    public boolean isFinished() {
        return in.available() == 0;
    }

    @Override
    public boolean isReady() {
        return true;
    }

    @Override
    public void setReadListener(ReadListener listener) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int read() {
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) {
        return in.read(b, off, len);
    }
}
