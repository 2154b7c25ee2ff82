package dev.baton.bench;

import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.nio.file.Files;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * P1's baseline (issue 15): the smallest WebSocket echo server on the same embedded Tomcat as Baton (bench/p1 runs
 * it with the Tomcat jars taken from Baton's own jar), with Tomcat's defaults except the connection cap, which is
 * lifted so that it can hold as many sockets as Baton is asked to. {@code /echo} sends every text message back.
 *
 * <p>Settings (system properties): {@code bench.port} (18091); {@code bench.baton-buffers} (false): true sets the
 * container's buffers as Baton sets its own (realtime.SocketEndpoints, docs/adr/0056), so that the difference to
 * Baton is what Baton keeps per socket beyond its container.
 */
public final class EchoServer {

  public static void main(String[] args) throws Exception {
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("bench-echo").toString());
    Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
    connector.setPort(Integer.getInteger("bench.port", 18091));
    connector.setProperty("maxConnections", "-1");
    boolean batonBuffers = Boolean.getBoolean("bench.baton-buffers");
    if (batonBuffers) {
      System.setProperty("org.apache.tomcat.websocket.DEFAULT_BUFFER_SIZE", "1024");
      connector.setProperty("socket.appReadBufSize", "2048");
      connector.setProperty("socket.appWriteBufSize", "2048");
      connector.setProperty("socket.bufferPool", "500");
    }
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    // a servlet for the upgrade request to be mapped to; Tomcat's WsFilter upgrades it before the servlet runs
    Tomcat.addServlet(context, "default", new HttpServlet() {});
    context.addServletMappingDecoded("/", "default");
    context.addServletContainerInitializer(new WsSci(), null);
    context.addServletContainerInitializer((classes, servletContext) -> {
      ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
      try {
        if (batonBuffers) {
          container.setDefaultMaxTextMessageBufferSize(512);
          container.setDefaultMaxBinaryMessageBufferSize(128);
        }
        container.addEndpoint(ServerEndpointConfig.Builder.create(Echo.class, "/echo").build());
      } catch (jakarta.websocket.DeploymentException e) {
        throw new IllegalStateException(e);
      }
    }, null);
    tomcat.start();
    tomcat.getServer().await();
  }

  /** Sends every text message back. */
  public static final class Echo extends Endpoint {
    @Override
    public void onOpen(Session session, EndpointConfig config) {
      session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> session.getAsyncRemote().sendText(text));
    }
  }
}
