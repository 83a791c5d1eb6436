package io.dive.ztdf.client;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One circuit breaker per KAS URL. After {@code failureThreshold} consecutive failures (the KAS
 * unreachable, timing out, or answering that it or its HSM/OPA is unavailable) the KAS is skipped
 * for {@code openFor}; then one request is let through as a probe (half-open): its success closes
 * the circuit, its failure opens it again. A denial or any other answer is not a failure: the KAS
 * works and decided.
 */
public final class KasCircuitBreaker {

    /** @param failureThreshold consecutive failures that open the circuit; {@code openFor} how long it stays open */
    public record Settings(int failureThreshold, Duration openFor) {
        public static final Settings DEFAULT = new Settings(3, Duration.ofSeconds(30));

        public Settings {
            if (failureThreshold < 1 || openFor.isNegative()) {
                throw new IllegalArgumentException("failureThreshold must be >= 1 and openFor >= 0");
            }
        }
    }

    private enum State { CLOSED, OPEN, HALF_OPEN }

    private static final class Circuit {
        State state = State.CLOSED;
        int failures;
        long openedAt;
    }

    private final Settings settings;
    private final LongSupplier nanoTime;
    private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();

    public KasCircuitBreaker(Settings settings) {
        this(settings, System::nanoTime);
    }

    KasCircuitBreaker(Settings settings, LongSupplier nanoTime) {
        this.settings = settings;
        this.nanoTime = nanoTime;
    }

    /** True when {@code kasUrl} may be asked now; an open circuit past its time lets exactly one probe through. */
    public boolean allows(String kasUrl) {
        Circuit circuit = circuit(kasUrl);
        synchronized (circuit) {
            switch (circuit.state) {
                case CLOSED:
                    return true;
                case OPEN:
                    if (nanoTime.getAsLong() - circuit.openedAt >= settings.openFor().toNanos()) {
                        circuit.state = State.HALF_OPEN;
                        return true;
                    }
                    return false;
                default:
                    return false; // a probe is out
            }
        }
    }

    /** The KAS answered (a key or a decision): the circuit closes. */
    public void answered(String kasUrl) {
        Circuit circuit = circuit(kasUrl);
        synchronized (circuit) {
            circuit.state = State.CLOSED;
            circuit.failures = 0;
        }
    }

    /** The KAS could not be asked or is unavailable. */
    public void failed(String kasUrl) {
        Circuit circuit = circuit(kasUrl);
        synchronized (circuit) {
            circuit.failures++;
            if (circuit.state == State.HALF_OPEN || circuit.failures >= settings.failureThreshold()) {
                circuit.state = State.OPEN;
                circuit.openedAt = nanoTime.getAsLong();
            }
        }
    }

    /** The request was cancelled before it was answered (another KAS released the key first): nothing learnt. */
    public void abandoned(String kasUrl) {
        Circuit circuit = circuit(kasUrl);
        synchronized (circuit) {
            if (circuit.state == State.HALF_OPEN) {
                circuit.state = State.OPEN; // its time is up: the next request probes again
            }
        }
    }

    /** True while requests to {@code kasUrl} are being skipped. */
    public boolean isOpen(String kasUrl) {
        Circuit circuit = circuit(kasUrl);
        synchronized (circuit) {
            return circuit.state != State.CLOSED;
        }
    }

    private Circuit circuit(String kasUrl) {
        return circuits.computeIfAbsent(KasClient.trimSlash(kasUrl), url -> new Circuit());
    }
}
