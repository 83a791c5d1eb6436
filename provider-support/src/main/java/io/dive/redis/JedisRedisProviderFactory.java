package io.dive.redis;

import io.dive.support.LazyResource;
import io.dive.support.metrics.DiveMeters;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Jedis-backed {@code dive-redis} provider ({@code jedis}). The pool is opened on first use, not
 * at start: logins that never need Redis never touch it, and a Redis that is down at start does not
 * stop Keycloak.
 */
public final class JedisRedisProviderFactory implements RedisProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "jedis";

    private static final Logger LOG = Logger.getLogger(JedisRedisProviderFactory.class);

    private RedisSettings settings;
    private final LazyResource<RedisClient, RuntimeException> client = new LazyResource<>(this::connect, RedisClient::close);

    @Override
    public void init(Config.Scope config) {
        settings = RedisSettings.from(config::get);
        LOG.infof("DIVE Redis: %s", settings);
    }

    @Override
    public RedisProvider create(KeycloakSession session) {
        return new RedisProvider() {
            @Override
            public RedisSettings settings() {
                return settings;
            }

            @Override
            public UnifiedJedis client() {
                return client.get();
            }

            @Override
            public boolean reachable() {
                try {
                    return "PONG".equals(client.get().ping());
                } catch (RuntimeException e) {
                    return false;
                }
            }

            @Override
            public void close() {
                // The pool outlives sessions.
            }
        };
    }

    private RedisClient connect() {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.maxConnections());
        pool.setMaxIdle(settings.maxConnections());
        pool.setTestWhileIdle(true);
        // After a Redis restart, pooled connections are dead: check before use.
        pool.setTestOnBorrow(true);
        return RedisClient.builder()
                .hostAndPort(settings.host(), settings.port())
                .clientConfig(DefaultJedisClientConfig.builder()
                        .ssl(settings.tls())
                        .user(settings.user())
                        .password(settings.password())
                        .database(settings.database())
                        .connectionTimeoutMillis((int) settings.connectTimeout().toMillis())
                        .socketTimeoutMillis((int) settings.socketTimeout().toMillis())
                        .clientName("dive-keycloak")
                        .build())
                .poolConfig(pool)
                .build();
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // PING at each scrape (bounded by the socket timeout): 1 while Redis answers.
        DiveMeters.gauge("dive.redis.up", "1 while the DIVE Redis answers PING", this,
                f -> f.create(null).reachable() ? 1 : 0);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(RedisSettings.HOST).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Redis host").defaultValue("127.0.0.1").add()
                .property().name(RedisSettings.PORT).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Redis port").defaultValue(6379).add()
                .property().name(RedisSettings.TLS).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .helpText("Connect with TLS").defaultValue(false).add()
                .property().name(RedisSettings.USER).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Redis ACL user (AUTH user password); unset: the default user").add()
                .property().name(RedisSettings.PASSWORD).type(ProviderConfigProperty.PASSWORD)
                .helpText("Redis password (AUTH); unset for none. Pass it in the environment, not on the command line").add()
                .property().name(RedisSettings.DATABASE).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Redis database number").defaultValue(0).add()
                .property().name(RedisSettings.KEY_PREFIX).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Prefix of every DIVE key").defaultValue("dive:").add()
                .property().name(RedisSettings.PENDING_SECRET_TTL).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Lifetime of a pending OTP secret in seconds").defaultValue(600).add()
                .property().name(RedisSettings.CONNECT_TIMEOUT).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Connect timeout in milliseconds").defaultValue(2000).add()
                .property().name(RedisSettings.SOCKET_TIMEOUT).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Read timeout in milliseconds").defaultValue(2000).add()
                .property().name(RedisSettings.MAX_CONNECTIONS).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Connection pool size").defaultValue(16).add()
                .build();
    }

    /** Shown in the admin console's server info: the settings, never the password. */
    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("redis", settings == null ? "not initialised" : settings.toString());
    }
}
