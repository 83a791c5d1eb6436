package io.dive.kas.rewrap;

import io.dive.ztdf.KeyAlgorithm;
import java.security.KeyPair;
import java.security.Provider;
import java.security.Security;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * What a client key costs the KAS per rewrap (steps 1 and 4: the signed request token's check, then
 * the session key and the wrap of one key access object), EC and RSA, in alternating rounds with the
 * JDK's providers only and with BouncyCastle registered as Keycloak registers it. In-process, one
 * thread: {@code java -cp <kas-provider test-classes:classes:test classpath>
 * io.dive.kas.rewrap.EcClientKeyBenchmark [CALLS] [ROUNDS]}.
 */
public final class EcClientKeyBenchmark {

    private interface Step {
        Object run() throws Exception;
    }

    private static long sink;

    private EcClientKeyBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        Provider bc = new BouncyCastleProvider();
        SignedRequestVerifier verifier = new SignedRequestVerifier(Duration.ofSeconds(30), Clock.systemUTC());
        RewrapFixtures.File file = RewrapFixtures.file(RewrapFixtures.RSA_KEY);
        byte[] dataKey = file.dataKey();
        KeyPair ec = RewrapFixtures.keyPair(KeyAlgorithm.EC_P256);
        KeyPair rsa = RewrapFixtures.keyPair(KeyAlgorithm.RSA_2048);
        String ecBody = RewrapFixtures.envelope(ec, file);
        String rsaBody = RewrapFixtures.envelope(rsa, file);
        System.out.println(Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + calls
                + " rewraps per cell, µs per rewrap (signed request token + session key + wrap of 1 key access object)");
        System.out.println("round  providers  EC      RSA    EC/RSA");
        double[] jdk = new double[2];
        double[] withBc = new double[2];
        for (int round = -2; round < rounds; round++) { // two warm-up rounds
            for (boolean registered : new boolean[] {false, true}) {
                if (registered) {
                    Security.addProvider(bc);
                } else {
                    Security.removeProvider(bc.getName());
                }
                double ecMicros = time(calls, () -> rewrap(verifier, ecBody, dataKey));
                double rsaMicros = time(calls, () -> rewrap(verifier, rsaBody, dataKey));
                System.out.printf(Locale.ROOT, "%5d  %-9s  %6.0f  %5.0f  %6.1f%n", round, registered ? "JDK+BC" : "JDK", ecMicros,
                        rsaMicros, ecMicros / rsaMicros);
                if (round >= 0) {
                    double[] sum = registered ? withBc : jdk;
                    sum[0] += ecMicros;
                    sum[1] += rsaMicros;
                }
            }
        }
        Security.removeProvider(bc.getName());
        System.out.printf(Locale.ROOT, "mean µs: JDK EC %.0f, RSA %.0f; JDK+BC EC %.0f, RSA %.0f. EC before/after %.2f; EC/RSA %.1f -> %.1f%n",
                jdk[0] / rounds, jdk[1] / rounds, withBc[0] / rounds, withBc[1] / rounds, jdk[0] / withBc[0], jdk[0] / jdk[1],
                withBc[0] / withBc[1]);
        System.out.println(sink == 42 ? "" : "");
    }

    private static Object rewrap(SignedRequestVerifier verifier, String body, byte[] dataKey) throws Exception {
        try (Rewrapper rewrapper = Rewrapper.forClient(verifier.verify(body).clientKey())) {
            byte[] wrapped = rewrapper.wrap(dataKey);
            String session = rewrapper.sessionPublicKey();
            return wrapped.length + (session == null ? 0 : session.length());
        }
    }

    private static double time(int calls, Step step) throws Exception {
        long started = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sink += step.run().hashCode();
        }
        return (System.nanoTime() - started) / 1e3 / calls;
    }
}
