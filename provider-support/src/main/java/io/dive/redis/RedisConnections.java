package io.dive.redis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.ConnectionPoolConfig;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisAccessControlException;
import redis.clients.jedis.executors.CommandExecutor;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Opens the Jedis client for a topology, and when that fails says why in one sentence that names the
 * setting to change (probing the sentinels or seed nodes one by one), so that a wrong master name or
 * an unreachable seed shows at Keycloak's start and in health, not as a stack trace at a login.
 */
public final class RedisConnections {

    private RedisConnections() {
    }

    /** A client that answered PING; otherwise {@link RedisUnavailableException} with the reason. */
    public static UnifiedJedis open(RedisSettings settings) {
        // Jedis logs a stack trace for each sentinel it cannot ask: ask them first, one line if none answers.
        String problem = settings.topology() instanceof RedisTopology.Sentinel sentinel ? explainSentinel(settings, sentinel)
                : settings.topology() instanceof RedisTopology.Cluster cluster ? explainCluster(settings, cluster) : null;
        if (problem != null) {
            throw new RedisUnavailableException(problem, null);
        }
        UnifiedJedis client;
        try {
            client = build(settings);
        } catch (RuntimeException e) {
            throw new RedisUnavailableException(explain(settings, e), e);
        }
        try {
            client.ping();
            return client;
        } catch (RuntimeException e) {
            client.close();
            throw new RedisUnavailableException(explain(settings, e), e);
        }
    }

    private static UnifiedJedis build(RedisSettings settings) {
        ConnectionPoolConfig pool = new ConnectionPoolConfig();
        pool.setMaxTotal(settings.maxConnections());
        pool.setMaxIdle(settings.maxConnections());
        pool.setTestWhileIdle(true);
        // After a Redis restart or a failover, pooled connections are dead: check before use.
        pool.setTestOnBorrow(true);
        JedisClientConfig data = dataConfig(settings);
        RedisTopology topology = settings.topology();
        // Each builder's own executor (a cluster's follows redirects), wrapped to time every command.
        if (topology instanceof RedisTopology.Sentinel sentinel) {
            return new RedisSentinelClient.Builder() {
                @Override
                protected CommandExecutor createDefaultCommandExecutor() {
                    return new TimedCommands(super.createDefaultCommandExecutor());
                }
            }.masterName(sentinel.masterName()).sentinels(hosts(sentinel.sentinels()))
                    .sentinelClientConfig(sentinelConfig(settings, sentinel)).clientConfig(data).poolConfig(pool).build();
        }
        if (topology instanceof RedisTopology.Cluster cluster) {
            return new RedisClusterClient.Builder() {
                @Override
                protected CommandExecutor createDefaultCommandExecutor() {
                    return new TimedCommands(super.createDefaultCommandExecutor());
                }
            }.nodes(hosts(cluster.nodes())).clientConfig(data).poolConfig(pool).build();
        }
        return new RedisClient.Builder() {
            @Override
            protected CommandExecutor createDefaultCommandExecutor() {
                return new TimedCommands(super.createDefaultCommandExecutor());
            }
        }.hostAndPort(settings.host(), settings.port()).clientConfig(data).poolConfig(pool).build();
    }

    private static JedisClientConfig dataConfig(RedisSettings settings) {
        return DefaultJedisClientConfig.builder().ssl(settings.tls()).user(settings.user()).password(settings.password())
                .database(settings.database())
                .connectionTimeoutMillis((int) settings.connectTimeout().toMillis())
                .socketTimeoutMillis((int) settings.socketTimeout().toMillis())
                .clientName("dive-keycloak").build();
    }

    /** A single probing connection to a data node: RESP2, as the single-connection Jedis client speaks. */
    private static JedisClientConfig probeConfig(RedisSettings settings) {
        return DefaultJedisClientConfig.builder().ssl(settings.tls()).user(settings.user()).password(settings.password())
                .database(settings.database()).autoNegotiateProtocol(false)
                .connectionTimeoutMillis((int) settings.connectTimeout().toMillis())
                .socketTimeoutMillis((int) settings.socketTimeout().toMillis())
                .clientName("dive-keycloak").build();
    }

    /** Sentinel connections are single Jedis connections: RESP2 (no negotiation warning). */
    private static JedisClientConfig sentinelConfig(RedisSettings settings, RedisTopology.Sentinel sentinel) {
        return DefaultJedisClientConfig.builder().ssl(settings.tls()).user(sentinel.user()).password(sentinel.password())
                .autoNegotiateProtocol(false)
                .connectionTimeoutMillis((int) settings.connectTimeout().toMillis())
                .socketTimeoutMillis((int) settings.socketTimeout().toMillis())
                .clientName("dive-keycloak").build();
    }

    private static Set<HostAndPort> hosts(List<RedisAddress> addresses) {
        Set<HostAndPort> hosts = new LinkedHashSet<>();
        addresses.forEach(address -> hosts.add(new HostAndPort(address.host(), address.port())));
        return hosts;
    }

    /** Why the client could not be used, naming the setting to change. */
    static String explain(RedisSettings settings, RuntimeException failure) {
        RedisTopology topology = settings.topology();
        String reason;
        if (topology instanceof RedisTopology.Sentinel sentinel) {
            reason = explainSentinel(settings, sentinel);
        } else if (topology instanceof RedisTopology.Cluster cluster) {
            reason = explainCluster(settings, cluster);
        } else {
            reason = explainNode(settings, new RedisAddress(settings.host(), settings.port()), "Redis",
                    option(RedisSettings.HOST) + " and " + option(RedisSettings.PORT));
        }
        // Every node answers when probed alone: say what the client met.
        return reason != null ? reason : "Redis (" + topology.name() + ") could not be used: " + failure.getMessage();
    }

    private static String explainSentinel(RedisSettings settings, RedisTopology.Sentinel sentinel) {
        List<String> silent = new ArrayList<>();
        for (RedisAddress address : sentinel.sentinels()) {
            try (Jedis jedis = new Jedis(new HostAndPort(address.host(), address.port()), sentinelConfig(settings, sentinel))) {
                List<String> master = jedis.sentinelGetMasterAddrByName(sentinel.masterName());
                if (master == null || master.size() != 2) {
                    return "the sentinel at " + address + " monitors no master named '" + sentinel.masterName() + "': check "
                            + option(RedisTopology.MASTER_NAME);
                }
                return explainNode(settings, new RedisAddress(master.get(0), Integer.parseInt(master.get(1))),
                        "the master '" + sentinel.masterName() + "' (from the sentinel at " + address + ")",
                        "the sentinels' view of master '" + sentinel.masterName() + "'");
            } catch (JedisAccessControlException e) {
                return "the sentinel at " + address + " refused DIVE's login (" + e.getMessage() + "): check "
                        + option(RedisTopology.SENTINEL_USER) + " and " + option(RedisTopology.SENTINEL_PASSWORD);
            } catch (JedisDataException e) {
                return "the server at " + address + " is not a sentinel (" + e.getMessage() + "): check " + option(RedisTopology.SENTINELS);
            } catch (RuntimeException e) {
                silent.add(address.toString());
            }
        }
        return "no sentinel answers at " + String.join(",", silent) + ": check " + option(RedisTopology.SENTINELS)
                + " and that the sentinels run";
    }

    /** Null when a seed node answers as a Redis Cluster node. */
    private static String explainCluster(RedisSettings settings, RedisTopology.Cluster cluster) {
        List<String> silent = new ArrayList<>();
        for (RedisAddress address : cluster.nodes()) {
            String problem = explainNode(settings, address, "the cluster seed node", option(RedisTopology.NODES));
            if (problem == null) {
                try (Jedis jedis = new Jedis(new HostAndPort(address.host(), address.port()), probeConfig(settings))) {
                    jedis.clusterSlots();
                } catch (JedisDataException e) {
                    if (String.valueOf(e.getMessage()).contains("cluster support disabled")) {
                        return "the seed node " + address + " is not a Redis Cluster node: check " + option(RedisTopology.TOPOLOGY)
                                + " and " + option(RedisTopology.NODES);
                    }
                }
                return null;
            }
            if (!problem.contains(DOES_NOT_ANSWER)) {
                return problem;
            }
            silent.add(address.toString());
        }
        return "no cluster seed node answers at " + String.join(",", silent) + ": check " + option(RedisTopology.NODES)
                + " and that the cluster runs";
    }

    private static final String DOES_NOT_ANSWER = " does not answer ";

    /** Null when the node answers PING with DIVE's login; otherwise why not. */
    private static String explainNode(RedisSettings settings, RedisAddress address, String what, String where) {
        try (Jedis jedis = new Jedis(new HostAndPort(address.host(), address.port()), probeConfig(settings))) {
            jedis.ping();
            return null;
        } catch (JedisAccessControlException e) {
            return what + " at " + address + " refused DIVE's login (" + e.getMessage() + "): check "
                    + option(RedisSettings.USER) + " and " + option(RedisSettings.PASSWORD);
        } catch (RuntimeException e) {
            return what + " at " + address + DOES_NOT_ANSWER + "(" + e.getMessage() + "): check " + where;
        }
    }

    private static String option(String key) {
        return SettingsLookup.option(key);
    }
}
