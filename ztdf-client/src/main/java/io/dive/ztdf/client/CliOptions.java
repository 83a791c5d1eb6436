package io.dive.ztdf.client;

import io.dive.ztdf.KeyAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The options of a {@code dive-ztdf} command line ({@code --name value} or a flag), read as the commands need them. */
final class CliOptions {

    /** A usage error, with what to do. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    private final Map<String, List<String>> values;

    private CliOptions(Map<String, List<String>> values) {
        this.values = values;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** Every value given for {@code name}, as given. */
    List<String> all(String name) {
        return values.getOrDefault(name, List.of());
    }

    static CliOptions parse(String[] args) throws UsageException {
        Set<String> flags = Set.of("progress", "split", "releasable-to-industry");
        Set<String> known = Set.of("in", "out", "kas", "classification", "rel", "coi", "caveat", "originator", "key-type",
                "token", "token-file", "client-key", "progress", "split",
                "trust-kas", "releasable-to-industry", "embargo-until");
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
        return new CliOptions(options);
    }

    String one(String name) throws UsageException {
        List<String> given = values.get(name);
        if (given == null || given.size() != 1 || given.get(0).isBlank()) {
            throw new UsageException("--" + name + " is required (once)");
        }
        return given.get(0).trim();
    }

    String optional(String name, String fallback) throws UsageException {
        return values.containsKey(name) ? one(name).toLowerCase(java.util.Locale.ROOT) : fallback;
    }

    /** {@code --key-type} / {@code --client-key}: {@code rsa} (default) or {@code ec}. */
    KeyAlgorithm keyAlgorithm(String name) throws UsageException {
        String value = optional(name, "rsa");
        if (!"rsa".equals(value) && !"ec".equals(value)) {
            throw new UsageException("--" + name + " must be rsa or ec, was '" + value + "'");
        }
        return KeyAlgorithm.fromOpenTdfName(value).orElseThrow();
    }

    List<String> list(String name) {
        List<String> parts = new ArrayList<>();
        for (String value : values.getOrDefault(name, List.of())) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    parts.add(part.trim());
                }
            }
        }
        return parts;
    }

    Path path(String name) throws UsageException {
        return Path.of(one(name));
    }

    String token(boolean required) throws UsageException {
        if (values.containsKey("token")) {
            return one("token");
        }
        if (values.containsKey("token-file")) {
            try {
                return Files.readString(Path.of(one("token-file"))).trim();
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

    Set<String> trustedKas() {
        Set<String> trusted = new HashSet<>(list("trust-kas"));
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
}
