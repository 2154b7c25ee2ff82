package dev.baton.realtime;

import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.baton.shared.BatonProperties;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Several nodes: each publishes its signals to Redis and delivers what it receives (its own included)
 * to its own sockets. Only seq numbers travel for logged events; every node reads them from the database.
 * {@link SignalsChoice} chooses it when {@code baton.redis-url} is set.
 */
class RedisSignals implements Signals, org.springframework.beans.factory.DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RedisSignals.class);
    private final String committed;
    private final String soft;
    private final String audience;
    private final String signedOut;
    private final String userChanged;

    private final StringRedisTemplate redis;
    private final JsonMapper json;
    private final RedisMessageListenerContainer container;

    private final LettuceConnectionFactory connections;

    RedisSignals(BatonProperties properties, Fanout fanout, JsonMapper json, dev.baton.shared.Installation installation) {
        String prefix = "baton:" + installation.id() + ":";
        this.committed = prefix + "committed";
        this.soft = prefix + "soft";
        this.audience = prefix + "audience";
        this.signedOut = prefix + "signed_out";
        this.userChanged = prefix + "user_changed";
        this.connections = new LettuceConnectionFactory(LettuceConnectionFactory.createRedisConfiguration(properties.redisUrl()));
        connections.afterPropertiesSet();
        connections.start();
        this.redis = new StringRedisTemplate(connections);
        this.json = json;
        this.container = new RedisMessageListenerContainer();
        container.setConnectionFactory(connections);
        container.addMessageListener((message, pattern) -> {
            String[] parts = new String(message.getBody(), StandardCharsets.US_ASCII).split(":");
            fanout.signal(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
        }, new ChannelTopic(committed));
        container.addMessageListener((message, pattern) -> {
            SoftEvent e = json.readValue(message.getBody(), SoftEvent.class);
            fanout.deliverSoft(e.accountId(), e.inboxId(), e.contactInboxId(), e.conversationId(), e.type(), e.data(),
                    e.toAgents(), e.toVisitor(), e.exceptUserId(), e.userIds());
        }, new ChannelTopic(soft));
        container.addMessageListener((message, pattern) -> {
            String inbox = new String(message.getBody(), StandardCharsets.US_ASCII);
            fanout.audienceChanged("*".equals(inbox) ? null : Long.valueOf(inbox));
        }, new ChannelTopic(audience));
        container.addMessageListener((message, pattern) -> fanout.signedOut(
                Long.parseLong(new String(message.getBody(), StandardCharsets.US_ASCII))), new ChannelTopic(signedOut));
        container.addMessageListener((message, pattern) -> fanout.userChanged(
                Long.parseLong(new String(message.getBody(), StandardCharsets.US_ASCII))), new ChannelTopic(userChanged));
        container.afterPropertiesSet();
        container.start();
        log.info("Realtime fan-out through Redis");
    }

    @Override
    public void committed(long conversationId, long seq) {
        redis.convertAndSend(committed, conversationId + ":" + seq);
    }

    @Override
    public void soft(SoftEvent event) {
        redis.convertAndSend(soft, json.writeValueAsString(event));
    }

    @Override
    public void audienceChanged(Long inboxId) {
        redis.convertAndSend(audience, inboxId == null ? "*" : inboxId.toString());
    }

    @Override
    public void signedOut(long userId) {
        redis.convertAndSend(signedOut, Long.toString(userId));
    }

    @Override
    public void userChanged(long userId) {
        redis.convertAndSend(userChanged, Long.toString(userId));
    }

    @Override
    public void destroy() throws Exception {
        container.stop();
        container.destroy();
        connections.destroy();
    }
}
