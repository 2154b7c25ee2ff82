package dev.baton.bench.floor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What every floor server takes and answers: the body of Baton's visitor message POST and an answer of the shape
 * and about the size of Baton's (conversation.Views.PublicMessageView), with the one INSERT that stands for all of
 * Baton's writes (the table and row of pgbench's baseline, bench/sql/p2-insert.sql).
 */
final class FloorMessage {

  static final String INSERT = "INSERT INTO bench_p2_baseline (conversation_id, content, created_at) VALUES (?, ?, now()) RETURNING id";

  record Body(String content, String echoId) {
  }

  record Sender(long id, String name, String availableName, String avatarUrl, String thumbnail, String type) {
  }

  record View(long id, String content, int messageType, String contentType, Map<String, Object> contentAttributes,
              long createdAt, long conversationId, Sender sender, String echoId, long seq, List<Object> attachments) {

    static View of(long id, long conversationId, Body body) {
      Sender visitor = new Sender(conversationId, "bench throughput", "bench throughput", "", "", "contact");
      return new View(id, body.content(), 0, "text", Map.of(), Instant.now().getEpochSecond(), conversationId, visitor,
          body.echoId(), id, List.of());
    }
  }

  private FloorMessage() {
  }
}
