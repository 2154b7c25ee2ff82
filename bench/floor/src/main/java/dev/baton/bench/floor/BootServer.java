package dev.baton.bench.floor;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Floors (b) and (c) of P2 (bench/p2-floor): the least Spring Boot app that takes a visitor message, a
 * {@code @RestController} calling a {@code @Transactional} service that inserts with {@link JdbcClient}, with Baton's
 * settings of what it has (application.properties). On the `boot` classpath it is floor (b); on the `secured` one
 * Spring Security's stateless chain ({@link PublicApiSecurity}) and Actuator's http.server.requests observation,
 * recorded in a Prometheus registry, join it: floor (c).
 */
@SpringBootApplication
public class BootServer {

  public static void main(String[] args) {
    SpringApplication.run(BootServer.class, args);
  }

  @RestController
  @RequestMapping("/public/api/v1/inboxes/{inboxIdentifier}")
  static class Controller {

    private final Messages messages;

    Controller(Messages messages) {
      this.messages = messages;
    }

    @PostMapping("/contacts/{sourceId}/conversations/{conversationId}/messages")
    FloorMessage.View createMessage(@PathVariable String inboxIdentifier, @PathVariable String sourceId,
                                    @PathVariable long conversationId, @RequestBody FloorMessage.Body body) {
      return messages.post(conversationId, body);
    }
  }

  @Service
  static class Messages {

    private final JdbcClient jdbc;

    Messages(JdbcClient jdbc) {
      this.jdbc = jdbc;
    }

    @Transactional
    public FloorMessage.View post(long conversationId, FloorMessage.Body body) {
      long id = jdbc.sql(FloorMessage.INSERT).param(conversationId).param(body.content()).query(Long.class).single();
      return FloorMessage.View.of(id, conversationId, body);
    }
  }
}
