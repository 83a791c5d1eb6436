package io.dive.ztdf.client;

import io.dive.model.SafeText;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * {@code dive-ztdf encrypt | decrypt | inspect}. Exit codes: 0 done, 2 usage, 3 invalid or
 * tampered ZTDF, 4 access denied by policy, 5 credentials refused, 6 KAS (or its HSM/OPA)
 * unavailable, 7 file I/O, 8 key refused for another reason. Everything it prints that comes from a
 * file, a KAS or the command line goes through {@link #shown}: control characters are escaped, so a
 * crafted file cannot repaint its marking on the terminal.
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
                                [--coi NAME[,NAME...]] [--caveat NAME[,NAME...]] [--releasable-to-industry]
                                [--embargo-until RFC3339] [--key-type rsa|ec] [--split] [--progress]
                                (several --kas: any one can release the key; with --split every one must)
              dive-ztdf decrypt --in FILE.ztdf --out FILE (--token JWT | --token-file FILE | $DIVE_TOKEN)
                                [--client-key rsa|ec] [--trust-kas URL ...] [--progress]
                                (the token goes only to KAS on its issuer's origin, or trusted with --trust-kas / $DIVE_TRUSTED_KAS)
              dive-ztdf inspect --in FILE.ztdf [--token JWT | --token-file FILE] [--client-key rsa|ec] [--trust-kas URL ...]
                                (with a token: full integrity check)
            KAS URL: https://host/realms/<realm>/kas ; LEVEL: UNCLASSIFIED, RESTRICTED, CONFIDENTIAL, SECRET, TOP_SECRET
            RFC3339: a timestamp such as 2027-01-31T00:00:00Z (no key is released before it)
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

    int run(String[] args) {
        if (args.length == 0 || Set.of("-h", "--help", "help").contains(args[0])) {
            (args.length == 0 ? err : out).print(USAGE_TEXT);
            return args.length == 0 ? USAGE : OK;
        }
        try {
            CliOptions options = CliOptions.parse(Arrays.copyOfRange(args, 1, args.length));
            return switch (args[0]) {
                case "encrypt" -> encrypt(options);
                case "decrypt" -> decrypt(options);
                case "inspect" -> inspect(options);
                default -> throw new CliOptions.UsageException("unknown command '" + args[0] + "' (encrypt, decrypt or inspect)");
            };
        } catch (CliOptions.UsageException e) {
            err.println("dive-ztdf: " + shown(e.getMessage()));
            err.println("run 'dive-ztdf --help' for the options");
            return USAGE;
        } catch (ZtdfException e) {
            err.println("dive-ztdf: " + e.reason() + ": " + shown(e.getMessage()));
            return e.reason() == ZtdfException.Reason.IO ? IO : INVALID_ZTDF;
        } catch (KasClientException e) {
            err.println("dive-ztdf: " + e.kind() + ": " + shown(e.getMessage()));
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

    private int encrypt(CliOptions options) throws CliOptions.UsageException, ZtdfException, KasClientException {
        Path in = options.path("in");
        Path target = options.path("out");
        if (!Files.isReadable(in)) {
            throw new CliOptions.UsageException("cannot read --in " + in);
        }
        List<String> kas = options.all("kas");
        if (kas.isEmpty()) {
            throw new CliOptions.UsageException("at least one --kas URL is needed");
        }
        KeyAlgorithm keyAlgorithm = options.keyAlgorithm("key-type");
        SecurityLabel label;
        try {
            label = new SecurityLabel(options.one("classification").toUpperCase(java.util.Locale.ROOT).replace(' ', '_'),
                    options.list("rel"), options.list("coi"), options.list("caveat"), options.one("originator"),
                    Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(), options.has("releasable-to-industry"),
                    options.has("embargo-until") ? options.one("embargo-until") : null);
        } catch (IllegalArgumentException e) {
            throw new CliOptions.UsageException(e.getMessage());
        }
        // No KAS is asked before the options are valid; from here the key requests overlap the file's set-up.
        ZtdfClient client = new ZtdfClient(new KasClient());
        client.prefetchPublicKeys(kas, keyAlgorithm);
        long size = size(in);
        ZtdfWriter.Result result = client.encrypt(in, target, label, kas, keyAlgorithm,
                options.has("split"), progress(options, "encrypting", size));
        finishProgress(options);
        // Concatenated, not printf: the formatter's locale data cost a fresh JVM tens of milliseconds.
        out.print("encrypted " + result.plaintextBytes() + " bytes in " + result.segments() + " segments: " + shown(target)
                + System.lineSeparator() + "  marking: " + shown(label.displayMarking()) + System.lineSeparator() + "  policy: "
                + shown(result.policyUuid()) + System.lineSeparator() + "  KAS: "
                + shown(String.join(options.has("split") ? " AND " : " OR ", kas)) + System.lineSeparator());
        return OK;
    }

    private int decrypt(CliOptions options) throws CliOptions.UsageException, ZtdfException, KasClientException {
        // The client key first: the first P-256 key pair of a fresh JDK 25 costs 80-130 ms of CPU (it builds
        // the curve's generator tables), made on another core while the rest of the options are read and
        // the file is opened; the decrypt waits for it before its request to the KAS.
        KasClient kas = new KasClient(Duration.ofSeconds(30), clientKey(options));
        kas.prepareClientKey();
        Path in = options.path("in");
        Path target = options.path("out");
        String token = options.token(true);
        try (ZtdfReader reader = ZtdfReader.open(in)) {
            SecurityLabel label = keyClient(kas, options).decrypt(reader, target, token,
                    progress(options, "decrypting", reader.plaintextSize()));
            finishProgress(options);
            out.print("decrypted " + shown(in) + " -> " + shown(target) + System.lineSeparator() + "  marking: "
                    + shown(label.displayMarking()) + (reader.labelDerivedFromPolicy()
                    ? " (from the policy's attributes: the file carries no label assertion)" : "") + System.lineSeparator());
        }
        return OK;
    }

    private int inspect(CliOptions options) throws CliOptions.UsageException, ZtdfException, KasClientException {
        Path in = options.path("in");
        try (ZtdfReader reader = ZtdfReader.open(in)) {
            SecurityLabel label = reader.label();
            out.println("marking:        " + shown(label.displayMarking()));
            out.println("classification: " + shown(label.classification()));
            out.println("releasable to:  " + listed(label.releasableTo()));
            out.println("COI:            " + listed(label.coi()));
            out.println("caveats:        " + listed(label.caveats()));
            out.println("originator:     " + (label.originator() == null ? "(not stated)" : shown(label.originator())));
            out.println("industry:       " + (label.releasableToIndustry() ? "releasable" : "not releasable"));
            out.println("embargo until:  " + (label.embargoUntil() == null ? "(none)" : shown(label.embargoUntil())));
            out.println("created:        " + (label.creationTime() == null ? "(not stated)" : shown(label.creationTime())));
            out.println("label from:     " + (reader.labelDerivedFromPolicy()
                    ? "the policy's attributes (no STANAG 4774 label assertion; made by another OpenTDF producer)"
                    : "the STANAG 4774 label assertion (agrees with the policy's attributes)"));
            out.println("policy:         " + shown(reader.policyObject().uuid()));
            out.println("size:           " + reader.plaintextSize() + " bytes in " + reader.segmentCount() + " segments");
            Map<String, List<KeyAccessObject>> splits = reader.keyAccessBySplit();
            for (var split : splits.entrySet()) {
                for (KeyAccessObject kao : split.getValue()) {
                    out.println("KAS:            " + shown(kao.url()) + " (" + kao.type().jsonName() + ", kid " + shown(kao.kid())
                            + (splits.size() > 1 ? ", share " + shown(split.getKey()) + " of " + splits.size() + ", all needed" : "")
                            + ")");
                }
            }
            String token = options.token(false);
            if (token == null) {
                out.println("integrity:      structure " + (reader.labelDerivedFromPolicy() ? "" : "and label/policy agreement ")
                        + "OK; pass --token to verify bindings and every segment");
                return OK;
            }
            byte[] dataKey = keyClient(new KasClient(Duration.ofSeconds(30), clientKey(options)), options).dataKey(reader, token);
            try {
                reader.decrypt(dataKey, OutputStream.nullOutputStream(), done -> { });
            } finally {
                Arrays.fill(dataKey, (byte) 0);
            }
            out.println("integrity:      VERIFIED (policy binding, root signature, assertion bindings, all segments)");
            return OK;
        }
    }

    /** EC by default: a fresh RSA-2048 key costs 330-670 ms in a cold JVM, a P-256 key 70-160 ms. */
    /** A client that asks a file's KAS for its key, with the any-of head start of {@code $DIVE_KAS_HEAD_START_MS}. */
    private static ZtdfClient keyClient(KasClient kas, CliOptions options) throws CliOptions.UsageException {
        String headStart = System.getenv("DIVE_KAS_HEAD_START_MS");
        Duration duration = ZtdfClient.DEFAULT_HEAD_START;
        if (headStart != null && !headStart.isBlank()) {
            try {
                duration = Duration.ofMillis(Long.parseLong(headStart.trim()));
            } catch (NumberFormatException e) {
                duration = Duration.ofMillis(-1);
            }
            if (duration.isNegative()) {
                throw new CliOptions.UsageException("DIVE_KAS_HEAD_START_MS must be a whole number of milliseconds >= 0, was '"
                        + headStart + "'");
            }
        }
        return new ZtdfClient(kas, options.trustedKas(), new KasCircuitBreaker(KasCircuitBreaker.Settings.DEFAULT), duration);
    }

    private static KeyAlgorithm clientKey(CliOptions options) throws CliOptions.UsageException {
        return options.has("client-key") ? options.keyAlgorithm("client-key") : KeyAlgorithm.EC_P256;
    }

    private static String listed(List<String> values) {
        return values.isEmpty() ? "(none)" : shown(String.join(", ", values));
    }

    /** Text from a file, a KAS or the command line, made safe for a terminal. */
    static String shown(Object text) {
        return SafeText.of(text, 2000);
    }

    private static long size(Path file) throws ZtdfException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ZtdfException(ZtdfException.Reason.IO, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Progress on stderr when asked for (--progress) or when stderr is a terminal. */
    private LongConsumer progress(CliOptions options, String verb, long total) {
        if (!options.has("progress") && System.console() == null) {
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

    private void finishProgress(CliOptions options) {
        if (options.has("progress") || System.console() != null) {
            err.println();
        }
    }
}
