package io.dive.redis;

import io.dive.support.LazyResource;
import io.dive.support.metrics.DiveMeters;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import redis.clients.jedis.UnifiedJedis;

/**
 * The Jedis-backed {@code dive-redis} provider ({@code jedis}) for a standalone Redis, Sentinel or
 * Redis Cluster. At start the client is opened once to check the settings: a wrong master name or
 * an unreachable seed is logged then, in one line naming the setting, and shows in health. A Redis
 * that is down does not stop Keycloak: the client is opened again on the next use.
 */
public final class JedisRedisProviderFactory implements RedisProviderFactory, ServerInfoAwareProviderFactory {

    public static final String PROVIDER_ID = "jedis";

    private static final Logger LOG = Logger.getLogger(JedisRedisProviderFactory.class);

    private RedisSettings settings;
    private final LazyResource<UnifiedJedis, RuntimeException> client = new LazyResource<>(this::connect, UnifiedJedis::close);
    private volatile String lastProblem;
    private final AtomicLong replayChecksSkipped = new AtomicLong();
    private final AtomicLong replayChecksRefused = new AtomicLong();

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
                    client.get().ping();
                    lastProblem = null;
                    return true;
                } catch (RedisUnavailableException e) {
                    return false; // connect() kept the reason
                } catch (RuntimeException e) {
                    lastProblem = RedisConnections.explain(settings, e);
                    return false;
                }
            }

            @Override
            public RedisHealth health() {
                boolean up = reachable();
                return new RedisHealth(up ? "UP" : "DOWN", settings.topology().name(), up ? null : lastProblem,
                        settings.replayCheck().value(), replayChecksSkipped.get(), replayChecksRefused.get());
            }

            @Override
            public ReplayCheck.Outcome replayCheckUnavailable(String check) {
                ReplayCheck.Outcome outcome = RedisProvider.super.replayCheckUnavailable(check);
                (outcome == ReplayCheck.Outcome.REFUSED ? replayChecksRefused : replayChecksSkipped).incrementAndGet();
                LOG.warnf("DIVE Redis: replay check '%s' %s: Redis cannot be asked (replayCheck=%s)", check,
                        outcome == ReplayCheck.Outcome.REFUSED ? "refused the value" : "skipped", settings.replayCheck().value());
                return outcome;
            }

            @Override
            public void close() {
                // The pool outlives sessions.
            }
        };
    }

    private UnifiedJedis connect() {
        try {
            UnifiedJedis opened = RedisConnections.open(settings);
            lastProblem = null;
            return opened;
        } catch (RedisUnavailableException e) {
            lastProblem = e.getMessage();
            throw e;
        }
    }

    /** The start-time check of the settings: one line, no stack trace; Keycloak starts either way. */
    @Override
    public void postInit(KeycloakSessionFactory factory) {
        try {
            client.get();
            LOG.infof("DIVE Redis: connected (%s)", settings.topology().name());
        } catch (RuntimeException e) {
            LOG.errorf("DIVE Redis unusable at start (%s): %s", settings.topology().name(), e.getMessage());
        }
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
                .property().name(RedisTopology.TOPOLOGY).type(ProviderConfigProperty.LIST_TYPE)
                .options("standalone", "sentinel", "cluster").defaultValue("standalone")
                .helpText("standalone (host, port), sentinel (masterName, sentinels) or cluster (nodes)").add()
                .property().name(RedisSettings.HOST).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Redis host (standalone)").defaultValue("127.0.0.1").add()
                .property().name(RedisSettings.PORT).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Redis port (standalone)").defaultValue(6379).add()
                .property().name(RedisTopology.MASTER_NAME).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Name of the master the sentinels monitor (sentinel)").add()
                .property().name(RedisTopology.SENTINELS).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Sentinels, host:port,host:port,... (sentinel)").add()
                .property().name(RedisTopology.SENTINEL_USER).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("ACL user DIVE logs in to the sentinels as; unset: the default user").add()
                .property().name(RedisTopology.SENTINEL_PASSWORD).type(ProviderConfigProperty.PASSWORD)
                .helpText("Password of the sentinels; unset for none. Pass it in the environment").add()
                .property().name(RedisTopology.NODES).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Seed nodes of the Redis Cluster, host:port,host:port,... (cluster)").add()
                .property().name(RedisSettings.TLS).type(ProviderConfigProperty.BOOLEAN_TYPE)
                .helpText("Connect with TLS (data nodes and sentinels)").defaultValue(false).add()
                .property().name(RedisSettings.USER).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Redis ACL user (AUTH user password); unset: the default user").add()
                .property().name(RedisSettings.PASSWORD).type(ProviderConfigProperty.PASSWORD)
                .helpText("Redis password (AUTH); unset for none. Pass it in the environment, not on the command line").add()
                .property().name(RedisSettings.DATABASE).type(ProviderConfigProperty.INTEGER_TYPE)
                .helpText("Redis database number (0 with cluster)").defaultValue(0).add()
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
                .property().name(ReplayCheck.SETTING).type(ProviderConfigProperty.LIST_TYPE)
                .options(ReplayCheck.BEST_EFFORT.value(), ReplayCheck.REQUIRED.value()).defaultValue(ReplayCheck.BEST_EFFORT.value())
                .helpText("Redis unreachable: best-effort skips the cluster-wide replay check (Keycloak's own reuse "
                        + "check remains), required refuses the code").add()
                .build();
    }

    /** Shown in the admin console's server info: the settings, never the password. */
    @Override
    public Map<String, String> getOperationalInfo() {
        return Map.of("redis", settings == null ? "not initialised" : settings.toString());
    }
}
