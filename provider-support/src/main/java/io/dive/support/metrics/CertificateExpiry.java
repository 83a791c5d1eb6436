package io.dive.support.metrics;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.keycloak.component.ComponentModel;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.timer.ScheduledTask;
import org.keycloak.timer.TimerProvider;

/**
 * When the realms' key certificates expire: {@code dive_certificate_not_after_seconds{realm,key,use}}
 * (Unix seconds), one series per realm key that has a certificate (the signing keys of tokens and SAML
 * assertions a broker trusts, the encryption keys), labelled by the key provider's name in the realm,
 * never by kid. Read once when Keycloak has started (its {@link PostMigrationEvent}: the realm files are
 * imported by then), so the series are there from the first scrape, then every minute by a Keycloak
 * timer task, so an expiry alert sees a rotation within a minute; a key that is gone leaves no series.
 */
public final class CertificateExpiry {

    private static final String TASK = "dive-certificate-expiry";
    private static final long INTERVAL_MILLIS = 60_000;

    /** One key's certificate expiry. */
    public record Expiry(String realm, String key, String use, Instant notAfter) {
    }

    private final MultiGauge gauge = MultiGauge.builder("dive.certificate.not.after").baseUnit("seconds")
            .description("When each realm key's certificate expires (Unix time), by realm, key provider and use")
            .register(Metrics.globalRegistry);
    private final Map<Tags, AtomicLong> values = new ConcurrentHashMap<>();

    CertificateExpiry() {
    }

    /** The first reading once Keycloak has started, then every minute on Keycloak's timer (once per node). */
    public static void start(KeycloakSessionFactory factory) {
        CertificateExpiry expiry = new CertificateExpiry();
        ScheduledTask task = session -> expiry.show(read(session));
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(factory, session -> task.run(session));
            }
        });
        KeycloakModelUtils.runJobInTransaction(factory, session ->
                session.getProvider(TimerProvider.class).scheduleTask(task, INTERVAL_MILLIS, TASK));
    }

    /**
     * The gauge's series become {@code expiries} (label values bounded like every DIVE meter's; of two
     * keys with the same labels, the sooner expiry). A series that stays keeps its meter and takes the
     * new value, so a scrape never misses it; one whose key is gone is removed.
     */
    void show(List<Expiry> expiries) {
        Map<Tags, Long> soonest = new HashMap<>();
        for (Expiry e : expiries) {
            soonest.merge(Tags.of("realm", DiveMeters.label(e.realm()), "key", DiveMeters.label(e.key()), "use",
                    DiveMeters.label(e.use())), e.notAfter().getEpochSecond(), Math::min);
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        soonest.forEach((tags, notAfter) -> {
            AtomicLong value = values.computeIfAbsent(tags, t -> new AtomicLong());
            value.set(notAfter);
            rows.add(MultiGauge.Row.of(tags, value, AtomicLong::doubleValue));
        });
        values.keySet().retainAll(soonest.keySet());
        gauge.register(rows, false);
    }

    private static List<Expiry> read(KeycloakSession session) {
        return session.realms().getRealmsStream().flatMap(realm -> {
            Map<String, String> names = realm.getComponentsStream().collect(Collectors.toMap(ComponentModel::getId,
                    c -> String.valueOf(c.getName()), (a, b) -> a));
            return session.keys().getKeysStream(realm).filter(key -> key.getCertificate() != null)
                    .map(key -> expiry(realm, names, key));
        }).toList();
    }

    private static Expiry expiry(RealmModel realm, Map<String, String> names, KeyWrapper key) {
        X509Certificate certificate = key.getCertificate();
        return new Expiry(realm.getName(), names.getOrDefault(key.getProviderId(), "other"),
                key.getUse() == null ? null : key.getUse().getSpecName(), certificate.getNotAfter().toInstant());
    }
}
