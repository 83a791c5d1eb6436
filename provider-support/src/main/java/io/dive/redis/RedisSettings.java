package io.dive.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Function;

/**
 * Typed settings of the DIVE Redis connection, read from Keycloak's SPI configuration
 * ({@code --spi-dive-redis--jedis--<key>=...}, or {@code spi-dive-redis--jedis--<key>} in
 * keycloak.conf). Every key has a default suited to a Redis on loopback; bad values are rejected
 * at start with the key named. {@code pendingSecretTtl} is the lifetime of an OTP enrollment's
 * pending secret: set here, with the connection, so that everything about the Redis state is one
 * SPI's settings. {@code user} and {@code password} are the Redis ACL user DIVE logs in as
 * ({@code AUTH user password}); a password alone authenticates as Redis's {@code default} user.
 * Secrets belong in the environment ({@code KC_SPI_DIVE_REDIS__JEDIS__PASSWORD}) or a private
 * keycloak.conf, never on a command line. {@code topology} says where the data nodes are
 * ({@link RedisTopology}: {@code host}/{@code port} for a standalone server, Sentinel or Cluster
 * otherwise); {@code replayCheck} what replay checks do while Redis cannot be asked.
 */
public record RedisSettings(
        String host,
        int port,
        boolean tls,
        String user,
        String password,
        int database,
        String keyPrefix,
        Duration pendingSecretTtl,
        Duration connectTimeout,
        Duration socketTimeout,
        int maxConnections,
        RedisTopology topology,
        ReplayCheck replayCheck) {

    public static final String HOST = "host";
    public static final String PORT = "port";
    public static final String TLS = "tls";
    public static final String USER = "user";
    public static final String PASSWORD = "password";
    public static final String DATABASE = "database";
    public static final String KEY_PREFIX = "keyPrefix";
    public static final String PENDING_SECRET_TTL = "pendingSecretTtlSeconds";
    public static final String CONNECT_TIMEOUT = "connectTimeoutMillis";
    public static final String SOCKET_TIMEOUT = "socketTimeoutMillis";
    public static final String MAX_CONNECTIONS = "maxConnections";

    /** A standalone Redis with the default replay check (the settings' shape before topologies). */
    public RedisSettings(String host, int port, boolean tls, String user, String password, int database, String keyPrefix,
            Duration pendingSecretTtl, Duration connectTimeout, Duration socketTimeout, int maxConnections) {
        this(host, port, tls, user, password, database, keyPrefix, pendingSecretTtl, connectTimeout, socketTimeout,
                maxConnections, new RedisTopology.Standalone(), ReplayCheck.BEST_EFFORT);
    }

    public RedisSettings {
        Objects.requireNonNull(topology, RedisTopology.TOPOLOGY);
        Objects.requireNonNull(replayCheck, ReplayCheck.SETTING);
        Objects.requireNonNull(host, HOST);
        Objects.requireNonNull(keyPrefix, KEY_PREFIX);
        if (host.isBlank()) {
            throw new IllegalArgumentException(HOST + " must not be blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(PORT + " must be 1-65535, was " + port);
        }
        if (user != null && password == null) {
            throw new IllegalArgumentException(USER + " '" + user + "' needs a " + PASSWORD
                    + " (KC_SPI_DIVE_REDIS__JEDIS__PASSWORD)");
        }
        if (database < 0) {
            throw new IllegalArgumentException(DATABASE + " must be 0 or more, was " + database);
        }
        if (pendingSecretTtl.isNegative() || pendingSecretTtl.isZero()) {
            throw new IllegalArgumentException(PENDING_SECRET_TTL + " must be positive");
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || socketTimeout.isNegative() || socketTimeout.isZero()) {
            throw new IllegalArgumentException(CONNECT_TIMEOUT + " and " + SOCKET_TIMEOUT + " must be positive");
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException(MAX_CONNECTIONS + " must be at least 1, was " + maxConnections);
        }
        if (topology instanceof RedisTopology.Cluster && database != 0) {
            throw new IllegalArgumentException(DATABASE + " must be 0 with topology=cluster (Redis Cluster has one database)");
        }
    }

    /**
     * Reads the settings through {@code lookup} (key → raw value or null).
     *
     * @throws IllegalArgumentException naming the key whose value is not valid
     */
    public static RedisSettings from(Function<String, String> raw) {
        SettingsLookup lookup = new SettingsLookup(raw);
        return new RedisSettings(
                lookup.text(HOST, "127.0.0.1"),
                lookup.number(PORT, 6379),
                lookup.flag(TLS),
                lookup.optional(USER),
                lookup.optional(PASSWORD),
                lookup.number(DATABASE, 0),
                lookup.text(KEY_PREFIX, "dive:"),
                Duration.ofSeconds(lookup.number(PENDING_SECRET_TTL, 600)),
                Duration.ofMillis(lookup.number(CONNECT_TIMEOUT, 2_000)),
                Duration.ofMillis(lookup.number(SOCKET_TIMEOUT, 2_000)),
                lookup.number(MAX_CONNECTIONS, 16),
                RedisTopology.from(lookup),
                lookup.choice(ReplayCheck.SETTING, ReplayCheck.BEST_EFFORT, ReplayCheck::value));
    }

    /** For logs: never the password. */
    @Override
    public String toString() {
        String where = topology instanceof RedisTopology.Standalone ? host + ":" + port : topology.toString();
        return "redis" + (tls ? "s" : "") + "://" + where + "/" + database + " (prefix '" + keyPrefix
                + "', pending secret TTL " + pendingSecretTtl.toSeconds() + " s, pool " + maxConnections
                + (user == null ? "" : ", user '" + user + "'") + (password == null ? "" : ", password set")
                + ", replay check " + replayCheck.value() + ")";
    }
}
