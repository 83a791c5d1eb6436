package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.opa.Decision;
import io.dive.opa.DecisionInput;
import io.dive.opa.DecisionPoint;
import io.dive.opa.OpaClient;
import io.dive.opa.OpaClientSettings;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The DIVE bundle as the running OPA sidecar serves it, asked through the Java client. */
@ExtendWith(DiveStackExtension.class)
class OpaPolicyIT {

    private static DecisionInput.Subject subject(String country, String clearance, String original, List<String> cois,
            String organizationType, String acr) {
        List<String> amr = acr.equals("1") ? List.of("pwd") : List.of("pwd", "otp");
        return new DecisionInput.Subject(country.toLowerCase() + "-user@dive-broker", clearance, original, country, country,
                cois, organizationType, acr, amr, Instant.now().minusSeconds(60).getEpochSecond(), "http://idp/realms/dive-broker");
    }

    private static DecisionInput.Resource resource(String classification, List<String> releasableTo, List<String> coi,
            Boolean releasableToIndustry) {
        return new DecisionInput.Resource("doc-it", classification, releasableTo, coi, null, List.of(),
                Instant.now().minus(1, ChronoUnit.DAYS).toString(), null, releasableToIndustry, null, false, null);
    }

    private static DecisionInput read(DecisionInput.Subject subject, DecisionInput.Resource resource) {
        return new DecisionInput(subject, "read", resource, new DecisionInput.Context(Instant.now().toString(), "it-1"));
    }

    /** A client of the stack's OPA with the token of {@code client} (DiveStack.OPA_KAS or OPA_RESOURCE_SERVER). */
    private static OpaClient client(DiveStack stack, String client) {
        return new OpaClient(OpaClientSettings.builder(stack.opaUrl()).bearerToken(stack.opaToken(client)).build());
    }

    @Test
    void anEspReservadoUserReadsASecretResourceReleasableToEsp(DiveStack stack) {
        Decision decision = client(stack, DiveStack.OPA_RESOURCE_SERVER).decide(DecisionPoint.AUTHZ, read(
                subject("ESP", "SECRET", "RESERVADO", List.of("NATO"), "GOV", "2"),
                resource("SECRET", List.of("ESP"), List.of(), null)));
        assertThat(decision.allow()).as("%s", decision.reasons()).isTrue();
        assertThat(decision.source()).isEqualTo(Decision.Source.OPA);
        assertThat(decision.obligations()).isNotEmpty();
    }

    @Test
    void aFraConfidentialUserIsDeniedASecretResource(DiveStack stack) {
        Decision decision = client(stack, DiveStack.OPA_RESOURCE_SERVER).decide(DecisionPoint.AUTHZ, read(
                subject("FRA", "CONFIDENTIAL", "CONFIDENTIEL DÉFENSE", List.of("NATO"), "GOV", "2"),
                resource("SECRET", List.of("NATO"), List.of(), null)));
        assertThat(decision.allow()).isFalse();
        assertThat(decision.reasons()).extracting(Decision.Reason::code).containsExactly("INSUFFICIENT_CLEARANCE");
    }

    @Test
    void aGbrUserIsDeniedAResourceReleasableOnlyToUsa(DiveStack stack) {
        Decision decision = client(stack, DiveStack.OPA_RESOURCE_SERVER).decide(DecisionPoint.AUTHZ, read(
                subject("GBR", "SECRET", "SECRET", List.of("FVEY", "NATO"), "GOV", "2"),
                resource("SECRET", List.of("USA"), List.of(), null)));
        assertThat(decision.reasons()).extracting(Decision.Reason::code).containsExactly("NOT_RELEASABLE");
    }

    @Test
    void aDeuSecretUserReadsASecretResourceReleasableToNato(DiveStack stack) {
        Decision decision = client(stack, DiveStack.OPA_RESOURCE_SERVER).decide(DecisionPoint.AUTHZ, read(
                subject("DEU", "SECRET", "GEHEIM", List.of("NATO"), "GOV", "2"),
                resource("SECRET", List.of("NATO"), List.of(), null)));
        assertThat(decision.allow()).as("%s", decision.reasons()).isTrue();
    }

    @Test
    void aUserWithoutCoiIsDeniedANatoCosmicResource(DiveStack stack) {
        Decision decision = client(stack, DiveStack.OPA_RESOURCE_SERVER).decide(DecisionPoint.AUTHZ, read(
                subject("DEU", "TOP_SECRET", "STRENG GEHEIM", List.of(), "GOV", "2"),
                resource("TOP_SECRET", List.of("NATO"), List.of("NATO-COSMIC"), null)));
        assertThat(decision.reasons()).extracting(Decision.Reason::code).containsExactly("COI_NOT_SATISFIED");
    }

    @Test
    void anIndustryUserIsDeniedAResourceNotReleasableToIndustry(DiveStack stack) {
        Decision decision = client(stack, DiveStack.OPA_RESOURCE_SERVER).decide(DecisionPoint.AUTHZ, read(
                subject("USA", "CONFIDENTIAL", "CONFIDENTIAL", List.of(), "INDUSTRY", "2"),
                resource("CONFIDENTIAL", List.of("USA"), List.of(), false)));
        assertThat(decision.reasons()).extracting(Decision.Reason::code).containsExactly("INDUSTRY_NOT_RELEASABLE");
    }

    @Test
    void aSecretResourceIsDeniedToAcr1(DiveStack stack) {
        Decision decision = client(stack, DiveStack.OPA_RESOURCE_SERVER).decide(DecisionPoint.AUTHZ, read(
                subject("USA", "SECRET", "SECRET", List.of("NATO"), "GOV", "1"),
                resource("SECRET", List.of("USA"), List.of(), null)));
        assertThat(decision.reasons()).extracting(Decision.Reason::code).containsExactly("AUTHENTICATION_TOO_WEAK");
    }

    @Test
    void theKeyReleaseDecisionIsServedToo(DiveStack stack) {
        DecisionInput decrypt = new DecisionInput(subject("USA", "SECRET", "SECRET", List.of("NATO"), "GOV", "2"),
                "decrypt", resource("SECRET", List.of("USA", "GBR"), List.of(), null),
                new DecisionInput.Context(Instant.now().toString(), "it-kas"));
        assertThat(client(stack, DiveStack.OPA_KAS).decide(DecisionPoint.KAS, decrypt).allow()).isTrue();
        DecisionInput fra = new DecisionInput(subject("FRA", "SECRET", "SECRET DÉFENSE", List.of("NATO"), "GOV", "2"),
                "decrypt", resource("SECRET", List.of("USA", "GBR"), List.of(), null),
                new DecisionInput.Context(Instant.now().toString(), "it-kas"));
        assertThat(client(stack, DiveStack.OPA_KAS).decide(DecisionPoint.KAS, fra).reasons()).extracting(Decision.Reason::code)
                .containsExactly("NOT_RELEASABLE");
    }

    @Test
    void malformedInputIsDeniedWithAReasonNotAnError(DiveStack stack, KeycloakClient http) {
        KeycloakClient.Response response = http.send("POST", stack.opaUrl() + "/v1/data/dive/authz/decision",
                stack.opaToken(DiveStack.OPA_RESOURCE_SERVER), "{\"input\":{\"subject\":\"root\",\"action\":42}}");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("\"allow\":false").contains("SUBJECT_MISSING").contains("ACTION_INVALID");
    }

    @Test
    void whenOpaStopsTheClientDeniesWithinItsTimeout(DiveStack stack) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path opa = Path.of(run(stack, "opa-path").strip());
        // Run as the stack runs its OPA: token authentication, the bundle's system.authz, a client token.
        String token = UUID.randomUUID().toString();
        ProcessBuilder second = new ProcessBuilder(opa.toString(), "run", "--server", "--addr", "127.0.0.1:" + port,
                "--authentication=token", "--authorization=basic",
                "--bundle", stack.distributionDir().resolve("opa/dive-policy-bundle.tar.gz").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        second.environment().clear();
        second.environment().put("DIVE_OPA_CLIENT_TOKENS_SHA256", "{\"" + DiveStack.OPA_RESOURCE_SERVER + "\":\""
                + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)))
                + "\"}");
        Process sidecar = second.start();
        try {
            OpaClient client = new OpaClient(OpaClientSettings.builder("http://127.0.0.1:" + port).bearerToken(token)
                    .requestTimeout(Duration.ofMillis(500)).build());
            DecisionInput input = read(subject("DEU", "SECRET", "GEHEIM", List.of("NATO"), "GOV", "2"),
                    resource("SECRET", List.of("NATO"), List.of(), null));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Decision before;
            do {
                before = client.decide(DecisionPoint.AUTHZ, input);
                Thread.sleep(before.allow() ? 0 : 200);
            } while (!before.allow() && System.nanoTime() < deadline);
            assertThat(before.allow()).as("the second sidecar answers: %s", before.reasons()).isTrue();

            sidecar.destroy();
            assertThat(sidecar.waitFor(10, TimeUnit.SECONDS)).isTrue();

            long started = System.nanoTime();
            Decision after = client.decide(DecisionPoint.AUTHZ, input);
            long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(after.allow()).isFalse();
            assertThat(after.source()).isEqualTo(Decision.Source.FAIL_CLOSED);
            assertThat(after.reasons()).extracting(Decision.Reason::code).containsAnyOf("OPA_UNAVAILABLE", "OPA_TIMEOUT");
            assertThat(elapsedMillis).as("answered within the client's timeout").isLessThanOrEqualTo(1_000);
        } finally {
            sidecar.destroyForcibly();
        }
    }

    private static String run(DiveStack stack, String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(stack.root().resolve("dive").toString(), command)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(600, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isZero();
        return output;
    }
}
