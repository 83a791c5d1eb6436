package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 5 "must show" 5 and 9: two Keycloak nodes in one cluster (PostgreSQL from Debian, JDBC_PING
 * discovery over loopback) sharing a replicated Redis through Sentinel. Node A serves the pages; the code goes to node B.
 */
@ExtendWith(DiveStackExtension.class)
class ClusterOtpIT {

    private static final String BROKER = "dive-broker";
    private static final String PASSWORD = "dive-demo-password";
    private static final int NODE_A = 38080;
    private static final int NODE_B = 38081;

    private static DiveStack stack;

    @BeforeAll
    static void startCluster(DiveStack diveStack) {
        stack = diveStack;
        stack.startCluster();
    }

    @AfterAll
    static void stopCluster() {
        if (stack != null) {
            stack.stopCluster();
        }
    }

    /**
     * The KAS on both nodes holds the same keys (one software keystore, shared path, published by
     * whichever node generated it first): a file encrypted through node A opens through node B.
     * Behind a load balancer the realm names its public KAS URL ({@code dive.kas.url}); both nodes ask
     * the stack's OPA sidecar.
     */
    @Test
    void aFileEncryptedThroughNodeAOpensThroughNodeB() throws Exception {
        String kasA = "http://127.0.0.1:" + NODE_A + "/realms/" + BROKER + "/kas";
        String kasB = "http://127.0.0.1:" + NODE_B + "/realms/" + BROKER + "/kas";
        io.dive.ztdf.client.KasClient kas = new io.dive.ztdf.client.KasClient();
        for (io.dive.ztdf.KeyAlgorithm algorithm : io.dive.ztdf.KeyAlgorithm.values()) {
            assertThat(kas.publicKey(kasB, algorithm).kid()).isEqualTo(kas.publicKey(kasA, algorithm).kid());
        }

        KeycloakClient onA = new KeycloakClient(stack, "http://127.0.0.1:" + NODE_A);
        onA.setRealmAttribute(BROKER, io.dive.kas.KasRealmSettings.PUBLIC_URL, kasA);

        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("cluster-kas");
        java.nio.file.Path plain = dir.resolve("plain.txt");
        java.nio.file.Files.writeString(plain, "USA and GBR only");
        java.nio.file.Path file = dir.resolve("plain.ztdf");
        new io.dive.ztdf.client.ZtdfClient(kas).encrypt(plain, file, new io.dive.ztdf.SecurityLabel("UNCLASSIFIED",
                List.of("USA", "GBR"), List.of(), List.of(), "USA", java.time.Instant.now().truncatedTo(
                        java.time.temporal.ChronoUnit.SECONDS).toString()), List.of(kasA), io.dive.ztdf.KeyAlgorithm.EC_P256,
                done -> { });
        // Nodes here answer under their own ports, so each issues tokens under its own name: ask node B.
        String token = new KeycloakClient(stack, "http://127.0.0.1:" + NODE_B).passwordGrant(BROKER, "dive-demo", "dive-demo",
                PASSWORD).json().path("access_token").asText();
        try (io.dive.ztdf.ZtdfReader reader = io.dive.ztdf.ZtdfReader.open(file)) {
            byte[] key = kas.rewrap(kasB, token, reader.policy(), reader.keyAccessObjects().get(0));
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            reader.decrypt(key, out, done -> { });
            assertThat(out.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("USA and GBR only");
        }
    }

    @Test
    void theTwoNodesFormedOneCluster() throws Exception {
        String log = java.nio.file.Files.readString(stack.root().resolve(".dive/it-cluster/logs/keycloak-a.log"));
        // Infinispan's view on node A lists two members once node B has joined (JDBC_PING discovery).
        assertThat(log).containsPattern("ISPN000094: Received new cluster view for channel ISPN: \\[[^]]+\\] \\(2\\)");
    }

    @Test
    void enrollmentStartedOnNodeAFinishesOnNodeBAndACodeWinsOnlyOnceAcrossNodes() throws Exception {
        String username = "broker-secret";
        BrowserSession browser = new BrowserSession(stack, "http://127.0.0.1:" + NODE_A, "http://127.0.0.1:" + NODE_A);
        BrowserSession.Page enrollment = browser.passwordAt(BROKER, "dive-demo", null, username, PASSWORD);
        assertThat(enrollment.uri().getPort()).isEqualTo(NODE_A);
        String key = enrollment.text("dive-otp-manual-key");
        assertThat(key).as(enrollment.html().text()).isNotBlank();

        BrowserSession.Page done = browser.submitAt(enrollment, NODE_B, Map.of("otp", BrowserSession.freshCode("cluster-" + username, key)));
        assertThat(done.code()).as("login finished on node B: %s", done.html() == null ? "" : done.html().text()).isNotNull();
        assertThat(KeycloakClient.claims(browser.tokens(BROKER, "dive-demo", done).path("access_token").asText())
                .path("acr").asText()).isEqualTo("2");

        // Must show 9: two logins reach the OTP page, one on each node; the same code is sent to both at once.
        BrowserSession onA = new BrowserSession(stack, "http://127.0.0.1:" + NODE_A, "http://127.0.0.1:" + NODE_A);
        BrowserSession onB = new BrowserSession(stack, "http://127.0.0.1:" + NODE_B, "http://127.0.0.1:" + NODE_A);
        BrowserSession.Page otpA = onA.passwordAt(BROKER, "dive-demo", null, username, PASSWORD);
        BrowserSession.Page otpB = onB.passwordAt(BROKER, "dive-demo", null, username, PASSWORD);
        assertThat(otpA.hasElement("dive-otp-form")).isTrue();
        assertThat(otpB.hasElement("dive-otp-form")).isTrue();
        String code = BrowserSession.freshCode("cluster-" + username, key);
        CountDownLatch start = new CountDownLatch(1);
        CompletableFuture<BrowserSession.Page> a = CompletableFuture.supplyAsync(() -> {
            await(start);
            return onA.submit(otpA, Map.of("otp", code));
        });
        CompletableFuture<BrowserSession.Page> b = CompletableFuture.supplyAsync(() -> {
            await(start);
            return onB.submit(otpB, Map.of("otp", code));
        });
        start.countDown();
        List<BrowserSession.Page> results = List.of(a.get(), b.get());
        assertThat(results.stream().filter(page -> page.code() != null).count()).as("exactly one login succeeds").isEqualTo(1);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
