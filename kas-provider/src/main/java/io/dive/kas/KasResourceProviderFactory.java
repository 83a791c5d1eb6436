package io.dive.kas;

import io.dive.kas.admission.InFlightLimit;
import io.dive.kas.rewrap.DecisionCache;
import io.dive.kas.rewrap.KasAudit;
import io.dive.kas.keys.KasKeyProvider;
import io.dive.kas.rewrap.KasMeters;
import io.dive.kas.rewrap.KeyReleasePolicy;
import io.dive.kas.rewrap.RewrapPipeline;
import io.dive.kas.rewrap.UnwrappedKeyCache;
import io.dive.opa.OpaClient;
import io.dive.opa.OpaClientSettings;
import io.dive.support.RealmResources;
import io.dive.support.audit.AuditProvider;
import io.dive.support.audit.AuditProviderFactory;
import io.dive.support.metrics.CertificateExpiry;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts the Key Access Service at {@code /realms/{realm}/kas/} and holds what all requests share:
 * the OPA client, the unwrapped-key cache and the federated issuers' keys.
 */
public final class KasResourceProviderFactory implements RealmResourceProviderFactory, ServerInfoAwareProviderFactory {

    /** The path segment under {@code /realms/{realm}/}; also the provider id. */
    public static final String PROVIDER_ID = "kas";
    private static final Logger LOG = Logger.getLogger(KasResourceProviderFactory.class);
    /** How far a DPoP proof's iat may be from the KAS's clock (RFC 9449 §11.1: seconds to minutes). */
    static final java.time.Duration DPOP_WINDOW = java.time.Duration.ofSeconds(60);

    private KasSettings settings;
    private RewrapPipeline rewrap;
    private AccessTokenVerifier tokens;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return RealmResources.of(new KasResource(session, settings, tokens, rewrap));
    }

    private AutoCloseable auditSubscription;
    private AutoCloseable meterSubscription;

    @Override
    public void init(Config.Scope scope) {
        settings = KasSettings.from(scope);
        // The OPA client's own cache keys on the whole input, time included, so it never hits for the KAS:
        // decisions are reused by the DecisionCache, keyed without the time.
        OpaClient opa = new OpaClient(OpaClientSettings.builder(settings.opaUrl()).requestTimeout(settings.opaTimeout())
                .bearerToken(settings.opaToken()).build());
        opa.addListener(KasMeters::opaDecision);
        Clock clock = Clock.systemUTC();
        tokens = new AccessTokenVerifier(new FederatedJwks(settings.jwksMinRefresh(), clock), DPOP_WINDOW, clock);
        rewrap = RewrapPipeline.of(KeyReleasePolicy.opa(opa), new DecisionCache(settings.decisionCacheTtl(), 10_000, clock),
                new InFlightLimit(settings.maxRewrapsInFlight(), Duration.ofSeconds(1)),
                new UnwrappedKeyCache(settings.unwrappedKeyCacheTtl(), settings.unwrappedKeyCacheSize(), clock),
                settings.clockSkew(), clock);
        LOG.infof("DIVE KAS uses OPA at %s (timeout %d ms, %s)", settings.opaUrl(), settings.opaTimeout().toMillis(),
                settings.hasOpaToken() ? "with its OPA token" : "without an OPA token");
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        meterSubscription = KasAudit.subscribe(KasMeters::keyAccess);
        KasMeters.declare(factory.getProviderFactoriesStream(KasKeyProvider.class).map(ProviderFactory::getId));
        // The realms' key certificates (token and assertion signing keys the KAS and brokers trust) for expiry alerts.
        CertificateExpiry.start(factory);
        // Key releases go to the audit trail's key_releases (journaled; the writer thread stores them). Audit off: none built.
        if (factory.getProviderFactory(AuditProvider.class) instanceof AuditProviderFactory audit && audit.trail().enabled()) {
            auditSubscription = KasAudit.subscribe(entry -> audit.trail().record(KasAudit.keyRelease(entry)));
        }
    }

    @Override
    public void close() {
        // The OPA client holds no resources beyond its HTTP client.
        unsubscribe(auditSubscription);
        unsubscribe(meterSubscription);
    }

    private static void unsubscribe(AutoCloseable subscription) {
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                LOG.debugf("KAS audit subscription: %s", e);
            }
        }
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name(KasSettings.OPA_URL).type(ProviderConfigProperty.STRING_TYPE)
                .helpText("OPA sidecar base URL (default $DIVE_OPA_URL, else http://127.0.0.1:8181)").add()
                .property().name(KasSettings.OPA_TOKEN).type(ProviderConfigProperty.PASSWORD)
                .helpText("Bearer token for OPA's API (--authentication=token); set it in the environment "
                        + "(KC_SPI_REALM_RESTAPI_EXTENSION__KAS__OPA_TOKEN), not on the command line").add()
                .property().name(KasSettings.OPA_TIMEOUT_MS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(500)
                .helpText("Decision timeout in ms; on timeout the KAS fails closed").add()
                .property().name(KasSettings.DECISION_CACHE_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(0)
                .helpText("Reuse a key-release decision for the same token claims and policy label (0..60 s and at most "
                        + "clockSkewSeconds; 0 = ask every time)").add()
                .property().name(KasSettings.KEY_CACHE_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(30)
                .helpText("Keep unwrapped data keys in memory (0..60 s)").add()
                .property().name(KasSettings.KEY_CACHE_SIZE).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10_000)
                .helpText("Most unwrapped data keys held").add()
                .property().name(KasSettings.CLOCK_SKEW_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(30)
                .helpText("Tolerance on signed request token times").add()
                .property().name(KasSettings.JWKS_MIN_REFRESH_SECONDS).type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(10)
                .helpText("Shortest interval between JWKS fetches per federated issuer").add()
                .property().name(KasSettings.SERVER_TIMING).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(false)
                .helpText("Send a Server-Timing header with per-stage durations (benchmarks only)").add()
                .property().name(KasSettings.MAX_REWRAPS_IN_FLIGHT).type(ProviderConfigProperty.INTEGER_TYPE)
                .defaultValue(KasSettings.DEFAULT_MAX_REWRAPS_IN_FLIGHT)
                .helpText("Most rewraps in flight on this node; more get 503 with Retry-After (0 = unbounded)").add()
                .build();
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        Map<String, String> info = new LinkedHashMap<>();
        info.put("opaUrl", settings.opaUrl());
        info.put("opaTimeoutMs", String.valueOf(settings.opaTimeout().toMillis()));
        info.put("opaToken", settings.hasOpaToken() ? "set" : "unset");
        info.put("unwrappedKeyCacheSeconds", String.valueOf(settings.unwrappedKeyCacheTtl().toSeconds()));
        return info;
    }
}
