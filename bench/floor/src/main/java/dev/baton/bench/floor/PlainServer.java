package dev.baton.bench.floor;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/**
 * Floor (a) of P2 (bench/p2-floor): a plain servlet on embedded Tomcat, HikariCP and pgjdbc, no Spring. Each visitor
 * message is read with Jackson, inserted and committed in one transaction, and answered as JSON. Virtual threads
 * and the pool's size as Baton has them (application.yml). Settings: the system properties that Spring Boot would
 * read for them, as bench/p2-floor gives every floor: {@code server.port}, {@code spring.datasource.url}.
 */
public final class PlainServer {

  public static void main(String[] args) throws Exception {
    HikariConfig pool = new HikariConfig();
    pool.setJdbcUrl(System.getProperty("spring.datasource.url"));
    pool.setMaximumPoolSize(20);
    // every use of a connection is one transaction that ends in commit(): no auto-commit to switch off and on again
    pool.setAutoCommit(false);
    Tomcat tomcat = new Tomcat();
    tomcat.setBaseDir(Files.createTempDirectory("bench-floor").toString());
    Connector connector = new Connector("org.apache.coyote.http11.Http11NioProtocol");
    connector.setPort(Integer.getInteger("server.port", 18091));
    connector.setProperty("useVirtualThreads", "true");
    tomcat.setConnector(connector);
    Context context = tomcat.addContext("", null);
    Tomcat.addServlet(context, "messages", new Messages(new HikariDataSource(pool)));
    context.addServletMappingDecoded("/public/api/v1/inboxes/*", "messages");
    tomcat.start();
    tomcat.getServer().await();
  }

  /** POST .../conversations/{conversationId}/messages. */
  static final class Messages extends HttpServlet {

    private static final JsonMapper JSON = JsonMapper.builder().propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build();

    private final HikariDataSource database;

    Messages(HikariDataSource database) {
      this.database = database;
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException, ServletException {
      String[] path = request.getRequestURI().split("/");
      long conversationId = Long.parseLong(path[path.length - 2]);
      FloorMessage.Body body = JSON.readValue(request.getInputStream(), FloorMessage.Body.class);
      long id;
      try (Connection connection = database.getConnection();
           PreparedStatement insert = connection.prepareStatement(FloorMessage.INSERT)) {
        insert.setLong(1, conversationId);
        insert.setString(2, body.content());
        try (ResultSet row = insert.executeQuery()) {
          row.next();
          id = row.getLong(1);
        }
        connection.commit();
      } catch (SQLException e) {
        throw new ServletException(e);
      }
      response.setContentType("application/json");
      JSON.writeValue(response.getOutputStream(), FloorMessage.View.of(id, conversationId, body));
    }
  }
}
