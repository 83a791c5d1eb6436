package io.dive.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.RedisClusterClient;

/**
 * The real DIVE stack (Redis, the OPA sidecar, Keycloak with the DIVE providers and realms) as the
 * integration tests see it. Started with {@code ./dive start} on its own ports and state folder
 * ({@code .dive/it-stack}), so it never disturbs a demo stack, and stopped by {@link #close()}.
 */
public final class DiveStack implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(10);

    private final Path root;
    private final String version;
    private final int keycloakPort;
    private final int keycloakManagementPort;
    private final int redisPort;
    private final int opaPort;
    private final Path stateDir;
    /** The broker realm's KAS origin (nginx, DIVE_KAS_PORT). */
    private final int kasPort = Integer.getInteger("dive.it.kasPort", 28480);
    private volatile boolean stopped;

    private DiveStack(Path root, String version, int keycloakPort, int keycloakManagementPort, int redisPort,
            int opaPort) {
        this.root = root;
        this.version = version;
        this.keycloakPort = keycloakPort;
        this.keycloakManagementPort = keycloakManagementPort;
        this.redisPort = redisPort;
        this.opaPort = opaPort;
        this.stateDir = root.resolve(".dive/it-stack");
    }

    /** The stack described by the system properties the failsafe configuration sets. */
    static DiveStack fromSystemProperties() {
        return new DiveStack(
                Path.of(required("dive.root")).toAbsolutePath().normalize(),
                required("dive.version"),
                Integer.getInteger("dive.it.keycloakPort", 28080),
                Integer.getInteger("dive.it.keycloakManagementPort", 29000),
                Integer.getInteger("dive.it.redisPort", 26379),
                Integer.getInteger("dive.it.opaPort", 28181));
    }

    private static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("System property " + property
                    + " is not set; run the integration tests through Maven (./dive test or mvn verify)");
        }
        return value;
    }

    /** Starts from a clean state; on failure everything started so far is stopped again. */
    DiveStack start() {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "dive-stack-stop"));
        run(List.of("reset"), Duration.ofMinutes(2));
        try {
            run(List.of("start", "--no-build"), START_TIMEOUT);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    /** Stops Redis alone (as a crash would: no save), leaving Keycloak and OPA running. */
    public void stopRedis() {
        try {
            ProcessBuilder shutdown = new ProcessBuilder("redis-cli", "-h", redisHost(), "-p", Integer.toString(redisPort()),
                    "shutdown", "nosave").redirectErrorStream(true);
            shutdown.environment().put("REDISCLI_AUTH", redisPassword(REDIS_OPERATOR));
            Process process = shutdown.start();
            process.getInputStream().readAllBytes();
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops one component of the stack ({@code keycloak}, {@code opa} or {@code redis}) by its PID. */
    public void stop(String component) {
        run(List.of("stop", component), Duration.ofMinutes(1));
    }

    /** Starts the two-node Keycloak cluster on PostgreSQL that shares this stack's Redis. */
    public void startCluster() {
        run(List.of("cluster-reset"), Duration.ofMinutes(2));
        try {
            run(List.of("cluster-start", "--no-build"), START_TIMEOUT);
        } catch (RuntimeException e) {
            stopCluster();
            throw e;
        }
    }

    public void stopCluster() {
        run(List.of("cluster-stop"), Duration.ofMinutes(2));
    }

    /** Starts whatever of the stack is not running (./dive start is idempotent). */
    public void startMissing() {
        run(List.of("start", "--no-build"), START_TIMEOUT);
    }

    @Override
    public void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        run(List.of("stop"), Duration.ofMinutes(2));
    }

    private void run(List<String> arguments, Duration timeout) {
        run(arguments, timeout, Map.of());
    }

    private void run(List<String> arguments, Duration timeout, Map<String, String> extraEnvironment) {
        List<String> command = new java.util.ArrayList<>();
        command.add(root.resolve("dive").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment());
        builder.environment().putAll(extraEnvironment);
        Deque<String> tail = new ArrayDeque<>();
        try {
            Process process = builder.start();
            try (BufferedReader output = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = output.readLine()) != null) {
                    System.out.println("[dive " + arguments.get(0) + "] " + line);
                    tail.addLast(line);
                    if (tail.size() > 40) {
                        tail.removeFirst();
                    }
                }
            }
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("./dive " + arguments + " did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("./dive " + String.join(" ", arguments) + " failed with exit code "
                        + process.exitValue() + ":\n" + String.join("\n", tail));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command, e);
        }
    }

    private Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DIVE_STATE_DIR", stateDir.toString());
        env.put("DIVE_SKIP_BUILD", "1");
        env.put("DIVE_DIST_DIR", distributionDir().toString());
        env.put("DIVE_KEYCLOAK_PORT", Integer.toString(keycloakPort));
        env.put("DIVE_KEYCLOAK_MANAGEMENT_PORT", Integer.toString(keycloakManagementPort));
        env.put("DIVE_REDIS_PORT", Integer.toString(redisPort));
        env.put("DIVE_OPA_PORT", Integer.toString(opaPort));
        env.put("DIVE_OPA_DIAGNOSTIC_PORT", Integer.toString(opaDiagnosticPort()));
        env.put("DIVE_FERRETDB_PORT", Integer.toString(ferretdbPort()));
        env.put("DIVE_FERRETDB_DEBUG_PORT", Integer.toString(ferretdbPort() + 1));
        env.put("DIVE_KAS_PORT", Integer.toString(kasPort));
        env.put("DIVE_ADMIN_USER", adminUser());
        env.put("DIVE_ADMIN_PASSWORD", adminPassword());
        env.put("DIVE_CLUSTER_DIR", root.resolve(".dive/it-cluster").toString());
        env.put("DIVE_REDIS_SENTINEL_PORTS", SENTINEL_PORTS.stream().map(String::valueOf).collect(Collectors.joining(" ")));
        env.put("DIVE_REDIS_CLUSTER_PORTS", CLUSTER_PORTS.stream().map(String::valueOf).collect(Collectors.joining(" ")));
        // The gcp-kms key provider talks to the KMS gRPC server KeyProvidersIT runs in this JVM.
        env.put("DIVE_KMS_ENDPOINT", "127.0.0.1:" + kmsPort());
        env.put("DIVE_KMS_CRYPTO_KEY", KMS_CRYPTO_KEY);
        env.put("DIVE_KMS_PLAINTEXT", "true");
        env.put("DIVE_KMS_VERSION_REFRESH_SECONDS", "1");
        return env;
    }

    /** The replicated Redis of the HA tests: master, replica, then the three Sentinels (apart from the demo's). */
    public static final List<Integer> SENTINEL_PORTS = List.of(26380, 26381, 26390, 26391, 26392);
    /** The Redis Cluster's three masters (cluster bus: port + 10000). */
    public static final List<Integer> CLUSTER_PORTS = List.of(27101, 27102, 27103);
    /** The master name the Sentinels monitor (scripts/redis-sentinel.sh). */
    public static final String SENTINEL_MASTER = "dive";

    /**
     * Restarts the stack's Keycloak with {@code environment} added to ./dive's (KC_SPI_... options, say);
     * returns the length of Keycloak's log before the restart, where this start's lines begin.
     */
    public long restartKeycloak(Map<String, String> environment) {
        long offset = keycloakLog().length();
        restart(environment, "keycloak");
        return offset;
    }

    /** Stops {@code components} and starts them again with {@code environment} added to ./dive's. */
    public void restart(Map<String, String> environment, String... components) {
        for (String component : components) {
            stop(component);
        }
        run(List.of("start", "--no-build"), START_TIMEOUT, environment);
    }

    /** The stack's Keycloak log, whole. */
    public String keycloakLog() {
        try {
            Path log = stateDir.resolve("logs/keycloak.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the Redis Cluster (./dive redis-cluster-start) with the stack's ACL users. */
    public void startRedisCluster() {
        run(List.of("redis-cluster-start"), Duration.ofMinutes(2));
    }

    public void stopRedisCluster() {
        run(List.of("redis-cluster-stop"), Duration.ofMinutes(1));
    }

    /** A client of the Redis Cluster as {@code user}. */
    public RedisClusterClient redisCluster(String user) {
        return RedisClusterClient.builder().nodes(CLUSTER_PORTS.stream().map(port -> new HostAndPort(redisHost(), port))
                        .collect(Collectors.toSet()))
                .clientConfig(DefaultJedisClientConfig.builder().user(user).password(redisPassword(user)).build())
                .build();
    }

    /** Starts the replicated Redis (./dive sentinel-start) in the stack's state folder. */
    public void startSentinel() {
        run(List.of("sentinel-start"), Duration.ofMinutes(2));
    }

    public void stopSentinel() {
        run(List.of("sentinel-stop"), Duration.ofMinutes(1));
    }

    /** The master's port as the first Sentinel that answers sees it; -1 when none knows. */
    public int sentinelMasterPort() {
        for (int port : SENTINEL_PORTS.subList(2, 5)) {
            try (Jedis sentinel = new Jedis(new HostAndPort(redisHost(), port), DefaultJedisClientConfig.builder()
                    .password(redisPassword(REDIS_OPERATOR)).connectionTimeoutMillis(500).socketTimeoutMillis(500).build())) {
                List<String> master = sentinel.sentinelGetMasterAddrByName(SENTINEL_MASTER);
                if (master != null) {
                    return Integer.parseInt(master.get(1));
                }
            } catch (RuntimeException e) {
                // Ask the next one.
            }
        }
        return -1;
    }

    /** The Sentinel set's data node on {@code port} as the operator. */
    public Jedis sentinelNode(int port) {
        return new Jedis(new HostAndPort(redisHost(), port), DefaultJedisClientConfig.builder()
                .password(redisPassword(REDIS_OPERATOR)).build());
    }

    /**
     * Kills the replicated Redis's current master with SIGKILL, by the PID in its PID file under
     * {@code stateDir} (the cluster's folder when ./dive cluster-start started the set); returns its port.
     */
    public int killSentinelMaster(Path setStateDir) {
        int port = sentinelMasterPort();
        String node = port == SENTINEL_PORTS.get(0) ? "redis-ha-a" : "redis-ha-b";
        try {
            long pid = Long.parseLong(Files.readString(setStateDir.resolve("run/" + node + ".pid")).strip());
            ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(node + " (pid " + pid + ") is not running"))
                    .destroyForcibly(); // SIGKILL: a crash, no shutdown
            return port;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The crypto key the in-test KMS holds and Keycloak's gcp-kms provider uses. */
    public static final String KMS_CRYPTO_KEY = "projects/dive/locations/global/keyRings/dive-kas/cryptoKeys/kas-rsa";

    /** Port of the in-test KMS gRPC server. */
    public int kmsPort() {
        return Integer.getInteger("dive.it.kmsPort", 28450);
    }

    /** The project checkout (where ./dive is). */
    public Path root() {
        return root;
    }

    public Path distributionDir() {
        return root.resolve("distribution/target/dive-" + version);
    }

    /** The OPA bundle revision the build wrote beside the bundle. */
    public String expectedBundleRevision() {
        try {
            return Files.readString(distributionDir().resolve("opa/dive-policy-bundle.revision")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String keycloakUrl() {
        return "http://127.0.0.1:" + keycloakPort;
    }

    /** The broker realm's KAS origin (the reverse proxy): its root is the KAS; the realm's {@code dive.kas.url}. */
    public String kasOriginUrl() {
        return "http://127.0.0.1:" + kasPort;
    }

    public String keycloakManagementUrl() {
        return "http://127.0.0.1:" + keycloakManagementPort;
    }

    public String opaUrl() {
        return "http://127.0.0.1:" + opaPort;
    }

    /** The audit trail's FerretDB (MongoDB wire protocol); its health endpoint is on the next port. */
    /** OPA's diagnostic address (/health, /metrics without a token): the port after the API's. */
    public int opaDiagnosticPort() {
        return opaPort + 1;
    }

    public int ferretdbPort() {
        return Integer.getInteger("dive.it.ferretdbPort", 27027);
    }

    public String ferretdbUrl() {
        return "mongodb://127.0.0.1:" + ferretdbPort() + "/";
    }

    public String redisHost() {
        return "127.0.0.1";
    }

    public int redisPort() {
        return redisPort;
    }

    /** Redis's {@code default} user: every command (./dive, and tests that read keys, TTLs and statistics). */
    public static final String REDIS_OPERATOR = "default";
    /** The ACL user Keycloak logs in as: the DIVE stores' commands on {@code dive:*} keys only. */
    public static final String REDIS_DIVE_USER = "dive";

    /** The OPA client the KAS is: may ask {@code dive/kas/decision} only. */
    public static final String OPA_KAS = "kas";
    /** The OPA client a resource server is: may ask {@code dive/authz/decision} only. */
    public static final String OPA_RESOURCE_SERVER = "resource-server";

    /** The bearer token ./dive generated for an OPA client of this stack (a 0600 file in its state folder). */
    public String opaToken(String client) {
        return secret("opa/" + client + ".token");
    }

    /** The password ./dive generated for a Redis user of this stack (a 0600 file in its state folder). */
    public String redisPassword(String user) {
        return secret("redis/" + user + ".password");
    }

    private String secret(String file) {
        try {
            return Files.readString(stateDir.resolve(file)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("the stack has no " + file, e);
        }
    }

    /** A client of the stack's Redis as {@code user} ({@link #REDIS_OPERATOR} or {@link #REDIS_DIVE_USER}). */
    public RedisClient redis(String user) {
        return RedisClient.builder().hostAndPort(redisHost(), redisPort())
                .clientConfig(DefaultJedisClientConfig.builder().user(user).password(redisPassword(user)).build())
                .build();
    }

    public String adminUser() {
        return "admin";
    }

    public String adminPassword() {
        return "it-admin-password";
    }

    public Path stateDir() {
        return stateDir;
    }
}
