package io.dive.kas.rewrap;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Unwrapped data keys in process memory only (never Redis, disk or logs), for a short TTL and a
 * bounded count, so that many clients opening the same file do not each cost an HSM/KMS call.
 * Only keys whose policy binding verified are put here. Evicted keys are zeroed.
 */
public final class UnwrappedKeyCache {

    private record Entry(byte[] key, Instant expires) {
    }

    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final LinkedHashMap<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true);

    public UnwrappedKeyCache(Duration ttl, int maxEntries, Clock clock) {
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    boolean enabled() {
        return !ttl.isZero() && maxEntries > 0;
    }

    /** The cache key: a digest of what identifies the wrapped key (never the key itself). */
    static String id(String kid, String wrappedKey, String ephemeralPublicKey) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(kid.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(wrappedKey.getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) 0);
            digest.update(String.valueOf(ephemeralPublicKey).getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    synchronized Optional<byte[]> get(String id) {
        if (!enabled()) {
            return Optional.empty();
        }
        Entry entry = entries.get(id);
        if (entry == null) {
            return Optional.empty();
        }
        if (entry.expires().isBefore(clock.instant())) {
            Arrays.fill(entries.remove(id).key(), (byte) 0);
            return Optional.empty();
        }
        return Optional.of(entry.key().clone());
    }

    synchronized void put(String id, byte[] key) {
        if (!enabled()) {
            return;
        }
        Entry previous = entries.put(id, new Entry(key.clone(), clock.instant().plus(ttl)));
        if (previous != null) {
            Arrays.fill(previous.key(), (byte) 0);
        }
        while (entries.size() > maxEntries) {
            Map.Entry<String, Entry> eldest = entries.entrySet().iterator().next();
            Arrays.fill(eldest.getValue().key(), (byte) 0);
            entries.remove(eldest.getKey());
        }
    }

    synchronized int size() {
        return entries.size();
    }
}
