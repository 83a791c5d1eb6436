package io.dive.ztdf.client;

import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.ZtdfException;
import io.dive.ztdf.ZtdfReader;
import io.dive.ztdf.ZtdfWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * {@code dive-ztdf encrypt | decrypt | inspect}. Exit codes: 0 done, 2 usage, 3 invalid or
 * tampered ZTDF, 4 access denied by policy, 5 credentials refused, 6 KAS (or its HSM/OPA)
 * unavailable, 7 file I/O, 8 key refused for another reason.
 */
public final class ZtdfCli {

    static final int OK = 0;
    static final int USAGE = 2;
    static final int INVALID_ZTDF = 3;
    static final int DENIED = 4;
    static final int UNAUTHENTICATED = 5;
    static final int UNAVAILABLE = 6;
    static final int IO = 7;
    static final int REJECTED = 8;

    private static final String USAGE_TEXT = """
            usage:
              dive-ztdf encrypt --in FILE --out FILE.ztdf --kas URL [--kas URL ...]
                                --classification LEVEL --rel CTY[,CTY...] --originator CTY
                                [--coi NAME[,NAME...]] [--caveat NAME[,NAME...]] [--key-type rsa|ec] [--split] [--progress]
                                (several --kas: any one can release the key; with --split every one must)
              dive-ztdf decrypt --in FILE.ztdf --out FILE (--token JWT | --token-file FILE | $DIVE_TOKEN)
                                [--client-key rsa|ec] [--trust-kas URL ...] [--progress]
                                (the token goes only to KAS on its issuer's origin, or trusted with --trust-kas / $DIVE_TRUSTED_KAS)
              dive-ztdf inspect --in FILE.ztdf [--token JWT | --token-file FILE] [--trust-kas URL ...]
                                (with a token: full integrity check)
            KAS URL: https://host/realms/<realm>/kas ; LEVEL: UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET, TOP_SECRET
            exit codes: 0 ok, 2 usage, 3 invalid/tampered ZTDF, 4 denied by policy, 5 credentials refused,
                        6 KAS/HSM/OPA unavailable, 7 file I/O, 8 key refused (bad request, unknown key, other KAS)
            """;

    private final PrintStream out;
    private final PrintStream err;

    ZtdfCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new ZtdfCli(System.out, System.err).run(args));
    }

    /** Usage error with what to do. */
    private static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    int run(String[] args) {
        if (args.length == 0 || Set.of("-h", "--help", "help").contains(args[0])) {
            (args.length == 0 ? err : out).print(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        try {
            Map<String, List<String>> options = parse(Arrays.copyOfRange(args, 1, args.length));
            return switch (args[0]) {
                case "encrypt" -> encrypt(options);
                case "decrypt" -> decrypt(options);
                case "inspect" -> inspect(options);
                default -> throw new UsageException("unknown command '" + args[0] + "' (encrypt, decrypt or inspect)");
            };
        } catch (UsageException e) {
            err.println("dive-ztdf: " + e.getMessage());
            err.println("run 'dive-ztdf --help' for the options");
            return USAGE;
        } catch (ZtdfException e) {
            err.println("dive-ztdf: " + e.reason() + ": " + e.getMessage());
            return e.reason() == ZtdfException.Reason.IO ? IO : INVALID_ZTDF;
        } catch (KasClientException e) {
            err.println("dive-ztdf: " + e.kind() + ": " + e.getMessage());
            return switch (e.kind()) {
                case DENIED -> DENIED;
                case UNAUTHENTICATED -> {
                    err.println("  get a fresh access token (tokens expire) from the realm the KAS trusts");
                    yield UNAUTHENTICATED;
                }
                case UNAVAILABLE, BAD_RESPONSE -> UNAVAILABLE;
                case REJECTED -> REJECTED;
            };
        }
    }

    private int encrypt(Map<String, List<String>> options) throws UsageException, ZtdfException, KasClientException {
        Path in = path(options, "in");
        Path target = path(options, "out");
        if (!Files.isReadable(in)) {
            throw new UsageException("cannot read --in " + in);
        }
        List<String> kas = options.getOrDefault("kas", List.of());
        if (kas.isEmpty()) {
            throw new UsageException("at least one --kas URL is needed");
        }
        SecurityLabel label;
        try {
            label = new SecurityLabel(one(options, "classification").toUpperCase(java.util.Locale.ROOT).replace(' ', '_'),
                    list(options, "rel"), list(options, "coi"), list(options, "caveat"), one(options, "originator"),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        KeyAlgorithm keyAlgorithm = keyAlgorithm(options, "key-type");
        long size = size(in);
        ZtdfWriter.Result result = new ZtdfClient(new KasClient()).encrypt(in, target, label, kas, keyAlgorithm,
                options.containsKey("split"), progress(options, "encrypting", size));
        finishProgress(options);
        out.printf("encrypted %d bytes in %d segments: %s%n  marking: %s%n  policy: %s%n  KAS: %s%n", result.plaintextBytes(),
                result.segments(), target, label.displayMarking(), result.policyUuid(),
                String.join(options.containsKey("split") ? " AND " : " OR ", kas));
        return OK;
    }

    private int decrypt(Map<String, List<String>> options) throws UsageException, ZtdfException, KasClientException {
        Path in = path(options, "in");
        Path target = path(options, "out");
        String token = token(options, true);
        KeyAlgorithm clientKey = keyAlgorithm(options, "client-key");
        long size;
        try (ZtdfReader reader = ZtdfReader.open(in)) {
            size = reader.plaintextSize();
        }
        SecurityLabel label = new ZtdfClient(new KasClient(Duration.ofSeconds(30), clientKey), trustedKas(options)).decrypt(in, target, token,
                progress(options, "decrypting", size));
        finishProgress(options);
        out.printf("decrypted %s -> %s%n  marking: %s%n", in, target, label.displayMarking());
        return OK;
    }

    private int inspect(Map<String, List<String>> options) throws UsageException, ZtdfException, KasClientException {
        Path in = path(options, "in");
        try (ZtdfReader reader = ZtdfReader.open(in)) {
            SecurityLabel label = reader.label();
            out.println("marking:        " + label.displayMarking());
            out.println("classification: " + label.classification());
            out.println("releasable to:  " + listed(label.releasableTo()));
            out.println("COI:            " + listed(label.coi()));
            out.println("caveats:        " + listed(label.caveats()));
            out.println("originator:     " + label.originator());
            out.println("created:        " + label.creationTime());
            out.println("policy:         " + reader.policyObject().uuid());
            out.println("size:           " + reader.plaintextSize() + " bytes in " + reader.segmentCount() + " segments");
            java.util.Map<String, List<KeyAccessObject>> splits = reader.keyAccessBySplit();
            for (var split : splits.entrySet()) {
                for (KeyAccessObject kao : split.getValue()) {
                    out.println("KAS:            " + kao.url() + " (" + kao.type().jsonName() + ", kid " + kao.kid()
                            + (splits.size() > 1 ? ", share " + split.getKey() + " of " + splits.size() + ", all needed" : "") + ")");
                }
            }
            String token = token(options, false);
            if (token == null) {
                out.println("integrity:      structure and label/policy agreement OK; pass --token to verify bindings and every segment");
                return OK;
            }
            byte[] dataKey = new ZtdfClient(new KasClient(), trustedKas(options)).dataKey(reader, token);
            try {
                reader.decrypt(dataKey, OutputStream.nullOutputStream(), done -> { });
            } finally {
                Arrays.fill(dataKey, (byte) 0);
            }
            out.println("integrity:      VERIFIED (policy binding, label binding, root signature, all segments)");
            return OK;
        }
    }

    private static String listed(List<String> values) {
        return values.isEmpty() ? "(none)" : String.join(", ", values);
    }

    private static Map<String, List<String>> parse(String[] args) throws UsageException {
        Set<String> flags = Set.of("progress", "split");
        Set<String> known = Set.of("in", "out", "kas", "classification", "rel", "coi", "caveat", "originator", "key-type",
                "token", "token-file", "client-key", "progress", "split",
                "trust-kas");
        Map<String, List<String>> options = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new UsageException("unexpected argument '" + args[i] + "'");
            }
            String name = args[i].substring(2);
            if (!known.contains(name)) {
                throw new UsageException("unknown option --" + name);
            }
            if (flags.contains(name)) {
                options.computeIfAbsent(name, key -> new ArrayList<>()).add("true");
                continue;
            }
            if (i + 1 >= args.length) {
                throw new UsageException("--" + name + " needs a value");
            }
            options.computeIfAbsent(name, key -> new ArrayList<>()).add(args[++i]);
        }
        return options;
    }

    private static String one(Map<String, List<String>> options, String name) throws UsageException {
        List<String> values = options.get(name);
        if (values == null || values.size() != 1 || values.get(0).isBlank()) {
            throw new UsageException("--" + name + " is required (once)");
        }
        return values.get(0).trim();
    }

    private static String optional(Map<String, List<String>> options, String name, String fallback) throws UsageException {
        return options.containsKey(name) ? one(options, name).toLowerCase(java.util.Locale.ROOT) : fallback;
    }

    /** {@code --key-type} / {@code --client-key}: {@code rsa} (default) or {@code ec}. */
    private static KeyAlgorithm keyAlgorithm(Map<String, List<String>> options, String name) throws UsageException {
        String value = optional(options, name, "rsa");
        if (!"rsa".equals(value) && !"ec".equals(value)) {
            throw new UsageException("--" + name + " must be rsa or ec, was '" + value + "'");
        }
        return KeyAlgorithm.fromOpenTdfName(value).orElseThrow();
    }

    private static List<String> list(Map<String, List<String>> options, String name) {
        List<String> values = new ArrayList<>();
        for (String value : options.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }

    private static Path path(Map<String, List<String>> options, String name) throws UsageException {
        return Path.of(one(options, name));
    }

    private static String token(Map<String, List<String>> options, boolean required) throws UsageException {
        if (options.containsKey("token")) {
            return one(options, "token");
        }
        if (options.containsKey("token-file")) {
            try {
                return Files.readString(Path.of(one(options, "token-file"))).trim();
            } catch (IOException e) {
                throw new UsageException("cannot read --token-file: " + e.getMessage());
            }
        }
        String env = System.getenv("DIVE_TOKEN");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        if (required) {
            throw new UsageException("an access token is required: --token, --token-file or $DIVE_TOKEN");
        }
        return null;
    }

    private static java.util.Set<String> trustedKas(Map<String, List<String>> options) {
        java.util.Set<String> trusted = new java.util.HashSet<>(list(options, "trust-kas"));
        String env = System.getenv("DIVE_TRUSTED_KAS");
        if (env != null) {
            for (String url : env.split("[\\s,]+")) {
                if (!url.isBlank()) {
                    trusted.add(url.trim());
                }
            }
        }
        return trusted;
    }

    private static long size(Path file) throws ZtdfException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ZtdfException(ZtdfException.Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Progress on stderr when asked for (--progress) or when stderr is a terminal. */
    private LongConsumer progress(Map<String, List<String>> options, String verb, long total) {
        if (!options.containsKey("progress") && System.console() == null) {
            return done -> { };
        }
        long[] lastPercent = {-1};
        return done -> {
            long percent = total == 0 ? 100 : done * 100 / total;
            if (percent != lastPercent[0]) {
                lastPercent[0] = percent;
                err.printf("\r%s %,d / %,d MiB (%d %%)", verb, done >> 20, total >> 20, percent);
            }
        };
    }

    private void finishProgress(Map<String, List<String>> options) {
        if (options.containsKey("progress") || System.console() != null) {
            err.println();
        }
    }
}
