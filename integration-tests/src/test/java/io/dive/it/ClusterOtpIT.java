package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import redis.clients.jedis.Jedis;

/**
 * Issue 5 "must show" 5 and 9: two Keycloak nodes in one cluster (PostgreSQL from Debian, JDBC_PING
 * discovery over loopback) sharing a replicated Redis through Sentinel. Node A serves the pages; the code
 * goes to node B. The KAS on both nodes (issue 12: a DPoP proof is used once across nodes) shares the
 * same start. Longer than one sitting because the failover tests ({@link WhenTheRedisMasterIsKilled})
 * share its cluster start too.
 */
@ExtendWith(DiveStackExtension.class)
class ClusterOtpIT {

    private static final String BROKER = "dive-broker";
    private static final String PASSWORD = "dive-demo-password";
    private static final int NODE_A = 24080;
    private static final int NODE_B = 24081;
    /** The cluster's KAS origin of the broker realm (nginx, both nodes upstream; DIVE_CLUSTER_KAS_PORT). */
    private static final int KAS_ORIGIN = 24480;

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
        try (AutoCloseable restore = onA.realmAttributesRestoredOnClose(BROKER)) {
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
    }

    /**
     * Issue 12 "must show" 4 across nodes: a DPoP proof used once on node A is refused on node B,
     * Connect {@code unauthenticated}. Both nodes serve the realm's one KAS origin (the cluster's
     * nginx), so a proof's {@code htu} is the origin's URL whichever node gets it; the replay is sent
     * straight to node B, as an attacker who reaches a node would. A production cluster names one
     * public URL for its nodes ({@code --hostname}); here the realm's {@code frontendUrl} does, so
     * that node B takes node A's tokens as its own. Node B's own answer to a fresh proof shows the
     * token is good there: the refusal is the replay, seen in the shared Redis.
     */
    @Test
    void aDpopProofUsedOnNodeAIsRefusedOnNodeB() throws Exception {
        String nodeA = "http://127.0.0.1:" + NODE_A;
        String origin = "http://127.0.0.1:" + KAS_ORIGIN;
        KeycloakClient admin = new KeycloakClient(stack, nodeA);
        try (AutoCloseable restore = admin.realmAttributesRestoredOnClose(BROKER)) {
            admin.setRealmAttribute(BROKER, "frontendUrl", nodeA);
            admin.setRealmAttribute(BROKER, io.dive.kas.KasRealmSettings.PUBLIC_URL, origin);
            DpopKey dpop = new DpopKey();
            String token = dpop.clientCredentials(nodeA + "/realms/" + BROKER + "/protocol/openid-connect/token",
                    OpenTdfConnectIT.CLIENT, OpenTdfConnectIT.SECRET).path("access_token").asText();
            KasIT.Sample sample = OpenTdfConnectIT.unclassifiedForUsa(origin, java.nio.file.Files.createTempDirectory("cluster-dpop"));
            String htu = origin + "/kas.AccessService/Rewrap";
            String onNodeA = nodeA + "/realms/" + BROKER + "/kas/kas.AccessService/Rewrap";
            String onNodeB = "http://127.0.0.1:" + NODE_B + "/realms/" + BROKER + "/kas/kas.AccessService/Rewrap";

            String proof = dpop.proof("POST", htu, token);
            OpenTdfConnectIT.Answer first = rewrap(onNodeA, sample, dpop, token, proof);
            assertThat(first.status()).as("node A: %s", new String(first.body())).isEqualTo(200);
            OpenTdfConnectIT.unauthenticated(rewrap(onNodeB, sample, dpop, token, proof), "used before");
            OpenTdfConnectIT.Answer fresh = rewrap(onNodeB, sample, dpop, token, dpop.proof("POST", htu, token));
            assertThat(fresh.status()).as("node B, a fresh proof: %s", new String(fresh.body())).isEqualTo(200);
            // Through the origin (either node): a fresh proof works once, its replay not.
            String viaOrigin = dpop.proof("POST", htu, token);
            assertThat(rewrap(htu, sample, dpop, token, viaOrigin).status()).isEqualTo(200);
            OpenTdfConnectIT.unauthenticated(rewrap(htu, sample, dpop, token, viaOrigin), "used before");
        }
    }

    private static OpenTdfConnectIT.Answer rewrap(String url, KasIT.Sample sample, DpopKey dpop, String token, String proof)
            throws Exception {
        OpenTdfConnectIT.Answer answer = OpenTdfConnectIT.rewrap(url, OpenTdfConnectIT.signedRequestToken(sample, dpop.pair),
                "DPoP " + token, proof);
        if (answer.status() == 200) {
            assertThat(io.dive.kas.connect.wire.RewrapResponse.parseFrom(answer.body()).getResponses(0).getResults(0)
                    .getStatus()).as("the key is released").isEqualTo("permit");
        }
        return answer;
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

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Issue 18 "must show" 1, after the tests above (JUnit runs nested classes last): the master of the
     * Sentinel set is killed with SIGKILL by its PID while brokered logins enroll and verify codes on
     * both nodes. Logins caught mid-enrollment finish or restart with a clear page (never a 5xx), new
     * enrollments work again soon after Sentinel promotes the replica, nobody is left stuck, and a
     * code used before the failover is still refused after it. Prints the failover figures. Nested
     * here so that both share one cluster start (minutes on two cores).
     */
    @Nested
    class WhenTheRedisMasterIsKilled {

        /** New enrollments must work at most this long after Sentinel promoted the replica. */
        private static final long GRACE_MILLIS = 10_000;

        /** A browser on node A: the national IdPs know the broker under node A's address only. */
        private static BrowserSession browser() {
            return new BrowserSession(stack, "http://127.0.0.1:" + NODE_A, "http://127.0.0.1:" + NODE_A);
        }

        private static int other(int node) {
            return node == NODE_A ? NODE_B : NODE_A;
        }

        private static String code(String username, String key) {
            return BrowserSession.freshCode("failover-" + username, key);
        }

        /** A user's password login through the user's national IdP. */
        private static BrowserSession.Page password(BrowserSession browser, String username) {
            return clean(browser.passwordAt(BROKER, "dive-demo", username.substring(0, 3), username, PASSWORD));
        }

        /** Where a login stopped, in words; a page that is none of DIVE's clear pages fails the test. */
        private static String outcome(BrowserSession.Page page) {
            if (page.code() != null) {
                return "logged in";
            }
            if (page.hasElement("dive-otp-error")) {
                return "store unavailable page";
            }
            if (page.hasElement("dive-otp-enroll-form")) {
                return "enrollment page";
            }
            if (page.hasElement("dive-otp-form")) {
                return "code page";
            }
            throw new AssertionError("not a DIVE page (" + page.status() + ") at " + page.uri() + ": " + page.html().text());
        }

        private static BrowserSession.Page clean(BrowserSession.Page page) {
            assertThat(page.status()).as("%s: %s", page.uri(), page.html() == null ? "" : page.html().text()).isLessThan(500);
            outcome(page);
            return page;
        }

        @Test
        void theMasterKilledDuringLoginsOnBothNodes() throws Exception {
            Map<String, String> keys = new LinkedHashMap<>();
            // Before: one user enrolls on A, finishing on B.
            String early = "usa-secret";
            BrowserSession first = browser();
            BrowserSession.Page enrollment = password(first, early);
            keys.put(early, enrollment.text("dive-otp-manual-key"));
            assertThat(outcome(clean(first.submitAt(enrollment, NODE_B, Map.of("otp", code(early, keys.get(early))))))).isEqualTo("logged in");

            // Logins caught mid-enrollment: the QR code is shown (pending secret written), the code not yet sent.
            List<String> midway = List.of("gbr-secret", "can-secret", "deu-secret", "ita-secret");
            Map<String, BrowserSession> sessions = new LinkedHashMap<>();
            Map<String, BrowserSession.Page> pages = new LinkedHashMap<>();
            Map<String, Integer> finishOn = new LinkedHashMap<>();
            for (int i = 0; i < midway.size(); i++) {
                String username = midway.get(i);
                BrowserSession browser = browser();
                BrowserSession.Page page = password(browser, username);
                assertThat(outcome(page)).isEqualTo("enrollment page");
                keys.put(username, page.text("dive-otp-manual-key"));
                sessions.put(username, browser);
                pages.put(username, page);
                finishOn.put(username, i % 2 == 0 ? NODE_B : NODE_A);
            }

            // The code used last before the failover: the early user verifies, the code going to node A.
            BrowserSession verifier = browser();
            BrowserSession.Page codePage = password(verifier, early);
            assertThat(outcome(codePage)).isEqualTo("code page");
            String usedCode = code(early, keys.get(early));
            long usedStep = Totp.step(System.currentTimeMillis());
            assertThat(outcome(clean(verifier.submitAt(codePage, NODE_A, Map.of("otp", usedCode))))).isEqualTo("logged in");

            Path setState = stack.root().resolve(".dive/it-cluster");
            int oldMaster = stack.killSentinelMaster(setState);
            long killedAt = System.currentTimeMillis();
            // When Sentinel names another master, watched every 100 ms while the logins go on.
            CompletableFuture<Long> promotion = CompletableFuture.supplyAsync(() -> {
                while (System.currentTimeMillis() - killedAt < 60_000) {
                    int master = stack.sentinelMasterPort();
                    if (master > 0 && master != oldMaster) {
                        return System.currentTimeMillis() - killedAt;
                    }
                    pause(100);
                }
                return -1L;
            });

            // Mid-enrollment logins send their codes at once, to node B and node A in turn.
            Map<String, String> midwayOutcome = new LinkedHashMap<>();
            for (String username : midway) {
                BrowserSession.Page page = clean(sessions.get(username).submitAt(pages.get(username), finishOn.get(username),
                        Map.of("otp", code(username, keys.get(username)))));
                midwayOutcome.put(username, outcome(page) + " after " + (System.currentTimeMillis() - killedAt) + " ms");
                if (page.hasElement("dive-otp-manual-key")) {
                    keys.put(username, page.text("dive-otp-manual-key")); // a fresh secret: the old one was lost
                }
            }

            // New enrollments, their codes sent to B and A in turn, until one succeeds.
            List<String> fresh = new ArrayList<>(List.of("esp-secret", "nld-secret", "pol-secret", "usa-top-secret",
                    "gbr-top-secret", "can-top-secret", "deu-top-secret", "ita-top-secret", "esp-top-secret", "nld-top-secret"));
            List<String> attempts = new ArrayList<>();
            long enrolledAfter = -1;
            int node = NODE_B;
            while (enrolledAfter < 0 && System.currentTimeMillis() - killedAt < 60_000 && !fresh.isEmpty()) {
                String username = fresh.get(0);
                BrowserSession browser = browser();
                BrowserSession.Page page = password(browser, username);
                boolean codeSent = page.hasElement("dive-otp-manual-key");
                if (codeSent) {
                    keys.put(username, page.text("dive-otp-manual-key"));
                    page = clean(browser.submitAt(page, node, Map.of("otp", code(username, keys.get(username)))));
                }
                long at = System.currentTimeMillis() - killedAt;
                attempts.add(username + " on " + node + ": " + outcome(page) + " after " + at + " ms");
                if (page.code() != null) {
                    enrolledAfter = at;
                } else if (codeSent) {
                    fresh.remove(0); // this user's code of this step is spent: the next user tries at once
                }
                node = other(node);
                pause(250);
            }
            long promotedAfter = promotion.get();
            System.out.printf("[failover] master %d killed; Sentinel promoted the replica after %d ms; first new enrollment "
                    + "after %d ms%n[failover] mid-enrollment: %s%n[failover] new enrollments: %s%n", oldMaster, promotedAfter,
                    enrolledAfter, midwayOutcome, attempts);
            assertThat(promotedAfter).as("Sentinel promoted the replica").isPositive();
            assertThat(enrolledAfter).as("a new enrollment after the failover: %s", attempts).isPositive();
            assertThat(enrolledAfter).as("within the failover window plus %d ms: %s", GRACE_MILLIS, attempts)
                    .isLessThanOrEqualTo(promotedAfter + GRACE_MILLIS);

            // The code used before the failover is still refused after it, on both nodes' side of the cluster.
            BrowserSession replayer = browser();
            BrowserSession.Page again = password(replayer, early);
            assertThat(outcome(again)).isEqualTo("code page");
            assertThat(Totp.step(System.currentTimeMillis())).as("the code is still inside the ±1 step window")
                    .isLessThanOrEqualTo(usedStep + 1);
            BrowserSession.Page replay = clean(replayer.submitAt(again, NODE_B, Map.of("otp", usedCode)));
            assertThat(outcome(replay)).isEqualTo("code page");
            KeycloakClient admin = new KeycloakClient(stack, "http://127.0.0.1:" + NODE_A);
            String claim = "dive:otp:used:" + admin.admin("/realms/" + BROKER).json().path("id").asText() + ":"
                    + admin.userId(BROKER, early) + ":" + usedCode;
            try (Jedis master = stack.sentinelNode(stack.sentinelMasterPort())) {
                assertThat(master.exists(claim)).as("the DIVE claim of %s survived on the promoted replica", usedCode).isTrue();
            }

            // Nobody is stuck: every mid-enrollment user who did not finish logs in now.
            for (String username : midway) {
                if (midwayOutcome.get(username).startsWith("logged in")) {
                    continue;
                }
                BrowserSession browser = browser();
                BrowserSession.Page page = password(browser, username);
                if (page.hasElement("dive-otp-manual-key")) {
                    keys.put(username, page.text("dive-otp-manual-key"));
                }
                BrowserSession.Page done = clean(browser.submitAt(page, NODE_B, Map.of("otp", code(username, keys.get(username)))));
                assertThat(outcome(done)).as("%s after the failover (%s)", username, midwayOutcome.get(username)).isEqualTo("logged in");
            }
        }
    }
}
