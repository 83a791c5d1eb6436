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
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.RedisClient;

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
        List<String> command = new java.util.ArrayList<>();
        command.add(root.resolve("dive").toString());
        command.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment());
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
        env.put("DIVE_ADMIN_USER", adminUser());
        env.put("DIVE_ADMIN_PASSWORD", adminPassword());
        env.put("DIVE_CLUSTER_DIR", root.resolve(".dive/it-cluster").toString());
        // The gcp-kms key provider talks to the KMS gRPC server KeyProvidersIT runs in this JVM.
        env.put("DIVE_KMS_ENDPOINT", "127.0.0.1:" + kmsPort());
        env.put("DIVE_KMS_CRYPTO_KEY", KMS_CRYPTO_KEY);
        env.put("DIVE_KMS_PLAINTEXT", "true");
        env.put("DIVE_KMS_VERSION_REFRESH_SECONDS", "1");
        return env;
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
