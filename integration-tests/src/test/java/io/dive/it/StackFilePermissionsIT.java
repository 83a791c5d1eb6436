package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The stack's state is for the account that runs it: Keycloak's H2 database (realm signing keys,
 * OTP seeds), the SoftHSM2 token, the KAS keystore, logs and PID files carry no group or other
 * permission; another account can neither list the state folder nor read the database; and no
 * secret is on a command line, which every account can read.
 */
@ExtendWith(DiveStackExtension.class)
class StackFilePermissionsIT {

    private static final Set<PosixFilePermission> GROUP_OR_OTHER = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** The broker realm's software key provider writes its keystore on first use: use it once. */
    @BeforeAll
    static void theKasKeystoreExists(DiveStack stack) throws Exception {
        HttpResponse<String> key = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        stack.keycloakUrl() + "/realms/dive-broker/kas/v2/kas_public_key?algorithm=rsa:2048")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(key.statusCode()).as(key.body()).isEqualTo(200);
    }

    @Test
    void nothingTheStackWroteIsOpenToGroupOrOthers(DiveStack stack) throws IOException {
        Map<Path, Set<PosixFilePermission>> everything = permissionsUnder(stack.stateDir());
        // What the stack is known to write, so that the walk cannot pass by finding nothing.
        assertThat(everything.keySet()).anyMatch(path -> path.toString().endsWith(".mv.db"))
                // The KAS keystores: one per key set (kas-keys-<set>.p12), since per-realm keys.
                .anyMatch(path -> path.getFileName().toString().matches("kas-keys.*\\.p12"))
                .anyMatch(path -> path.getFileName().toString().matches("kas-keys.*\\.p12\\.password"))
                .anyMatch(path -> path.getParent().endsWith("softhsm/tokens"))
                .anyMatch(path -> path.endsWith("redis/redis.conf"))
                .anyMatch(path -> path.endsWith("redis/dive.password"))
                .anyMatch(path -> path.endsWith("opa/kas.token"))
                .anyMatch(path -> path.endsWith("logs/keycloak.log"))
                .anyMatch(path -> path.endsWith("run/keycloak.pid"));
        List<String> open = everything.entrySet().stream()
                .filter(entry -> entry.getValue().stream().anyMatch(GROUP_OR_OTHER::contains))
                .map(entry -> PosixFilePermissions.toString(entry.getValue()) + " " + entry.getKey())
                .collect(Collectors.toList());
        assertThat(open).as("files and folders in %s that group or others may use", stack.stateDir()).isEmpty();
    }

    @Test
    void anotherAccountCannotListTheStateFolderNorReadTheKeycloakDatabase(DiveStack stack) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "switching to another account (runuser) needs root");
        Path database = permissionsUnder(stack.stateDir()).keySet().stream()
                .filter(path -> path.toString().endsWith(".mv.db")).findFirst().orElseThrow();
        Outcome list = asNobody("ls", stack.stateDir().toString());
        assertThat(list.exitCode()).as(list.output()).isNotZero();
        assertThat(list.output()).contains("Permission denied");
        Outcome read = asNobody("cat", database.toString());
        assertThat(read.exitCode()).as("cat %s as nobody", database).isNotZero();
        assertThat(read.output()).contains("Permission denied");
    }

    @Test
    void noSecretOfTheStackIsOnACommandLine(DiveStack stack) {
        // The HSM PIN (./dive's default), the admin password, the Redis password and the OPA token reach
        // Keycloak through its environment; redis-server reads its passwords' hashes from its
        // configuration file, OPA its clients' token hashes from its environment.
        List<String> secrets = List.of("dive-hsm-pin", stack.adminPassword(), "pkcs11--pin", "jedis--password",
                stack.redisPassword(DiveStack.REDIS_DIVE_USER), stack.redisPassword(DiveStack.REDIS_OPERATOR),
                stack.opaToken(DiveStack.OPA_KAS), stack.opaToken(DiveStack.OPA_RESOURCE_SERVER), "kas--opa-token",
                stack.opaToken("decision-log"), "decision-log-token");
        List<String> exposed = ProcessHandle.allProcesses()
                .map(process -> process.pid() + " " + process.info().commandLine().orElse(""))
                .filter(line -> secrets.stream().anyMatch(line::contains))
                .collect(Collectors.toList());
        assertThat(exposed).as("processes with a secret in their arguments").isEmpty();
    }

    private record Outcome(int exitCode, String output) {
    }

    private static Outcome asNobody(String... command) throws IOException, InterruptedException {
        List<String> full = Stream.concat(Stream.of("runuser", "-u", "nobody", "--"), Stream.of(command))
                .collect(Collectors.toList());
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Outcome(process.exitValue(), output);
    }

    /** Every file and folder (symbolic links aside) with its permissions; what vanishes meanwhile is skipped. */
    private static Map<Path, Set<PosixFilePermission>> permissionsUnder(Path root) throws IOException {
        Map<Path, Set<PosixFilePermission>> found = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) {
                return visitFile(dir, attributes);
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (!attributes.isSymbolicLink()) {
                    try {
                        found.put(file, Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS));
                    } catch (IOException gone) {
                        // a lock or temporary file removed while walking
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        return found;
    }
}
