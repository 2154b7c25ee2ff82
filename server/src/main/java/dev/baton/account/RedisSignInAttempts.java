package dev.baton.account;

import java.util.List;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/**
 * Several nodes: failures in Redis, shared by all nodes; each reservation is one Lua script, which Redis runs
 * atomically, over both keys. Keys expire when their failures are to be forgotten.
 */
final class RedisSignInAttempts implements SignInAttempts, AutoCloseable {

    private static final DefaultRedisScript<Long> RESERVE = new DefaultRedisScript<>("""
            local now = tonumber(ARGV[1])
            local wait = 0
            for i = 1, 2 do
              local blocked = tonumber(redis.call('HGET', KEYS[i], 'blocked') or '0')
              if blocked - now > wait then wait = blocked - now end
            end
            if wait > 0 then return wait end
            local free = {tonumber(ARGV[2]), tonumber(ARGV[3])}
            for i = 1, 2 do
              local n = redis.call('HINCRBY', KEYS[i], 'n', 1)
              local delay = 0
              if n >= free[i] then
                delay = math.min(tonumber(ARGV[5]), tonumber(ARGV[4]) * 2 ^ math.min(40, n - free[i]))
                redis.call('HSET', KEYS[i], 'blocked', math.floor(now + delay))
              end
              redis.call('PEXPIRE', KEYS[i], math.floor(tonumber(ARGV[6]) + delay))
            end
            return 0
            """, Long.class);

    private static final DefaultRedisScript<Long> SUCCEEDED = new DefaultRedisScript<>("""
            redis.call('DEL', KEYS[1])
            if tonumber(redis.call('HGET', KEYS[2], 'n') or '0') > 0 then redis.call('HINCRBY', KEYS[2], 'n', -1) end
            return 0
            """, Long.class);

    private final Policy policy;
    private final LettuceConnectionFactory connections;
    private final StringRedisTemplate redis;

    RedisSignInAttempts(Policy policy, String redisUrl) {
        this.policy = policy;
        this.connections = new LettuceConnectionFactory(LettuceConnectionFactory.createRedisConfiguration(redisUrl));
        connections.afterPropertiesSet();
        connections.start();
        this.redis = new StringRedisTemplate(connections);
    }

    @Override
    public long reserve(String pairKey, String clientKey, long nowMillis) {
        Long wait = redis.execute(RESERVE, List.of(pairKey, clientKey), String.valueOf(nowMillis),
                String.valueOf(policy.freePerPair()), String.valueOf(policy.freePerClient()),
                String.valueOf(policy.firstDelayMillis()), String.valueOf(policy.maxDelayMillis()),
                String.valueOf(policy.forgetAfterMillis()));
        return wait == null ? 0 : wait;
    }

    @Override
    public void succeeded(String pairKey, String clientKey) {
        redis.execute(SUCCEEDED, List.of(pairKey, clientKey));
    }

    @Override
    public void close() {
        connections.destroy();
    }
}
