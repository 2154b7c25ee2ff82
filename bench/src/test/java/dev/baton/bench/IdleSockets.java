package dev.baton.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * P1 (issue 15): opens many idle WebSockets and holds them until a line arrives on stdin, then closes them all
 * and exits. A plain blocking client (a handshake, at most one frame written, nothing read after the handshake),
 * so that it costs little beside the server it measures. Source addresses rotate over 127.0.0.2, 127.0.0.3, …
 * (20,000 sockets each) to stay within each address's ephemeral ports.
 *
 * <p>Settings (system properties): {@code bench.port}; {@code bench.path} ({@code /public/ws} or the echo
 * server's {@code /echo}); {@code bench.tokens}: a file of lines {@code pubsub_token conversation_id last_seq}, one
 * per socket: each socket connects as that visitor and sends the widget's {@code resume} for its conversation
 * (without it the sockets carry no token and send nothing); {@code bench.sockets} (10,000); {@code bench.threads}
 * (16). Prints {@code opened <n> failed <n> seconds <s> [first error]} once all attempts are done.
 */
public final class IdleSockets {

  private static final int PER_SOURCE_ADDRESS = 20_000;

  public static void main(String[] args) throws Exception {
    int port = Integer.getInteger("bench.port", 18090);
    String path = System.getProperty("bench.path", "/public/ws");
    String tokenFile = System.getProperty("bench.tokens");
    int n = Integer.getInteger("bench.sockets", 10_000);
    int threads = Integer.getInteger("bench.threads", 16);
    List<String> tokens = tokenFile == null ? null : Files.readAllLines(Path.of(tokenFile));
    if (tokens != null && tokens.size() < n) {
      throw new IllegalArgumentException(tokens.size() + " tokens for " + n + " sockets");
    }
    Socket[] open = new Socket[n];
    AtomicInteger failed = new AtomicInteger();
    AtomicReference<String> firstError = new AtomicReference<>();
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int i = 0; i < n; i++) {
      int index = i;
      pool.execute(() -> {
        try {
          open[index] = connect(index, port, path, tokens == null ? null : tokens.get(index).split(" "));
        } catch (IOException | RuntimeException e) {
          failed.incrementAndGet();
          firstError.compareAndSet(null, e.toString());
        }
      });
    }
    pool.shutdown();
    pool.awaitTermination(1, TimeUnit.HOURS);
    System.out.printf("opened %d failed %d seconds %.1f%s%n", n - failed.get(), failed.get(),
        (System.nanoTime() - start) / 1e9, firstError.get() == null ? "" : " first error: " + firstError.get());
    System.out.flush();
    System.in.read(); // held until told (or until stdin closes)
    for (Socket socket : open) {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // closing anyway
        }
      }
    }
    System.out.println("closed");
  }

  private static Socket connect(int index, int port, String path, String[] visitor) throws IOException {
    Socket socket = new Socket();
    try {
      socket.bind(new InetSocketAddress("127.0.0." + (2 + index / PER_SOURCE_ADDRESS), 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 30_000);
      socket.setSoTimeout(60_000);
      byte[] key = new byte[16];
      ThreadLocalRandom.current().nextBytes(key);
      // the headers a browser sends with the widget's socket (cookies aside)
      String request = "GET " + path + (visitor == null ? "" : "?pubsub_token=" + visitor[0]) + " HTTP/1.1\r\n"
          + "Host: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
          + "User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0\r\n"
          + "Accept-Language: en-US,en;q=0.5\r\nCache-Control: no-cache\r\n\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String status = readHead(socket.getInputStream());
      if (!status.startsWith("HTTP/1.1 101")) {
        throw new IOException("handshake answered " + status);
      }
      if (visitor != null) {
        out.write(maskedText("{\"type\":\"resume\",\"conversations\":{\"" + visitor[1] + "\":" + visitor[2] + "}}"));
        out.flush();
      }
      return socket;
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Reads the handshake's answer up to its blank line (and not a byte further); returns its status line. */
  private static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0 || head.length() > 4096) {
        throw new IOException("handshake ended early: " + head);
      }
      head.append((char) b);
    }
    return head.substring(0, head.indexOf("\r\n"));
  }

  /** A client text frame (clients mask theirs), for payloads under 126 bytes. */
  private static byte[] maskedText(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    if (payload.length >= 126) {
      throw new IllegalArgumentException("payload too long for this client: " + payload.length);
    }
    byte[] frame = new byte[6 + payload.length];
    frame[0] = (byte) 0x81;
    frame[1] = (byte) (0x80 | payload.length);
    byte[] mask = new byte[4];
    ThreadLocalRandom.current().nextBytes(mask);
    System.arraycopy(mask, 0, frame, 2, 4);
    for (int i = 0; i < payload.length; i++) {
      frame[6 + i] = (byte) (payload[i] ^ mask[i % 4]);
    }
    return frame;
  }
}
