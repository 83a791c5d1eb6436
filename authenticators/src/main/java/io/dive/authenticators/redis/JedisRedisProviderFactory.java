package io.dive.authenticators.redis;

import io.dive.authenticators.otp.PendingSecretStore;
import java.util.List;
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

/**
 * The Jedis-backed {@code dive-redis} provider ({@code jedis}). The pool is opened on first use, not
 * at start: logins that never need Redis never touch it, and a Redis that is down at start does not
 * stop Keycloak.
 */
public final class JedisRedisProviderFactory implements DiveRedisProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "jedis";

    private static final Logger LOG = Logger.getLogger(JedisRedisProviderFactory.class);

    private RedisSettings settings;
    private volatile RedisClient client;
    private volatile PendingSecretStore store;

    @Override
    public void init(Config.Scope config) {
        settings = RedisSettings.from(config::get);
        LOG.infof("DIVE Redis: %s", settings);
    }

    @Override
    public DiveRedisProvider create(KeycloakSession session) {
        return new DiveRedisProvider() {
            @Override
            public RedisSettings settings() {
                return settings;
            }

            @Override
            public PendingSecretStore pendingSecrets() {
                return store();
            }

            @Override
            public boolean reachable() {
                try {
                    store();
                    return "PONG".equals(client.ping());
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

    private PendingSecretStore store() {
        PendingSecretStore current = store;
        if (current == null) {
            synchronized (this) {
                current = store;
                if (current == null) {
                    ConnectionPoolConfig pool = new ConnectionPoolConfig();
                    pool.setMaxTotal(settings.maxConnections());
                    pool.setMaxIdle(settings.maxConnections());
                    pool.setTestWhileIdle(true);
                    // After a Redis restart, pooled connections are dead: check before use.
                    pool.setTestOnBorrow(true);
                    client = RedisClient.builder()
                            .hostAndPort(settings.host(), settings.port())
                            .clientConfig(DefaultJedisClientConfig.builder()
                                    .ssl(settings.tls())
                                    .password(settings.password())
                                    .database(settings.database())
                                    .connectionTimeoutMillis((int) settings.connectTimeout().toMillis())
                                    .socketTimeoutMillis((int) settings.socketTimeout().toMillis())
                                    .clientName("dive-keycloak")
                                    .build())
                            .poolConfig(pool)
                            .build();
                    current = new PendingSecretStore(client, settings.keyPrefix());
                    store = current;
                }
            }
        }
        return current;
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to wire.
    }

    @Override
    public void close() {
        RedisClient open = client;
        if (open != null) {
            open.close();
        }
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
                .property().name(RedisSettings.PASSWORD).type(ProviderConfigProperty.PASSWORD)
                .helpText("Redis password (AUTH); unset for none").add()
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
    public java.util.Map<String, String> getOperationalInfo() {
        return java.util.Map.of("redis", settings == null ? "not initialised" : settings.toString());
    }
}
