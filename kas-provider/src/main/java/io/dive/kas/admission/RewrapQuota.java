package io.dive.kas.admission;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * A realm's rewrap rate limits with the counters they are kept in. Counter names carry a digest of
 * the subject, never the identifier itself. When the counters cannot be reached the request is
 * admitted (and a warning logged at most every 10 s): the limit sheds load, it decides no access,
 * and the bound on rewraps in flight still protects the node.
 */
public final class RewrapQuota {

    private static final Logger LOG = Logger.getLogger(RewrapQuota.class);
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(10).toNanos();
    private static volatile long lastWarning = System.nanoTime() - WARN_EVERY_NANOS;

    /** No limits (and no counters): every request passes. */
    public static final RewrapQuota UNLIMITED = new RewrapQuota(RewrapLimits.UNLIMITED, null, Clock.systemUTC());

    private final RewrapLimits limits;
    private final WindowCounters counters;
    private final Clock clock;

    public RewrapQuota(RewrapLimits limits, WindowCounters counters, Clock clock) {
        this.limits = limits;
        this.counters = counters;
        this.clock = clock;
    }

    public RewrapLimits limits() {
        return limits;
    }

    /**
     * Counts one rewrap of {@code subject} from {@code address} in {@code realm}.
     *
     * @throws Refusal {@link Refusal.Reason#RATE_LIMITED} when either is over its limit
     */
    public void check(String realm, String subject, String address) throws Refusal {
        if (limits.unlimited() || counters == null) {
            return;
        }
        long now = clock.millis();
        try {
            over("subject", realm, subject, limits.perSubject(), now);
            over("address", realm, address, limits.perAddress(), now);
        } catch (RuntimeException e) {
            long nanos = System.nanoTime();
            if (nanos - lastWarning > WARN_EVERY_NANOS) {
                lastWarning = nanos;
                LOG.warnf("DIVE KAS rate limit not applied (counters unavailable): %s", e.toString());
            }
        }
    }

    private void over(String what, String realm, String who, int limit, long now) throws Refusal {
        if (limit == 0) {
            return;
        }
        String[] names = SlidingWindow.counters("kas:rate:" + realm + ":" + what + ":" + digest(who), limits.window(), now);
        WindowCounters.Counts counts = counters.hit(names[0], names[1], limits.window().multipliedBy(2));
        Optional<Duration> wait = SlidingWindow.wait(counts, limit, limits.window(), now);
        if (wait.isPresent()) {
            throw new Refusal(Refusal.Reason.RATE_LIMITED, "more than " + limit + " rewraps per " + limits.window().toSeconds()
                    + " s for this " + what, Refusal.seconds(wait.get()));
        }
    }

    private static String digest(String value) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(String.valueOf(value).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
