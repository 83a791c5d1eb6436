package io.dive.kas;

import io.dive.kas.admission.RedisWindowCounters;
import io.dive.kas.admission.RewrapLimits;
import io.dive.kas.admission.RewrapQuota;
import io.dive.kas.dpop.DpopBinding;
import io.dive.kas.dpop.DpopRefusal;
import io.dive.kas.keys.KasKeyProvider;
import io.dive.kas.keys.KasKeySet;
import io.dive.kas.keys.KeyProviderException;
import io.dive.kas.rewrap.Caller;
import io.dive.kas.rewrap.KasFailure;
import io.dive.kas.rewrap.KasMeters;
import io.dive.kas.rewrap.RewrapPipeline;
import io.dive.kas.keys.KasKey;
import io.dive.model.SafeText;
import io.dive.redis.RedisProvider;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.OpenTdfJson;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import org.keycloak.crypto.KeyUse;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.jose.jwk.JWKBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.tracing.TracingProvider;

/**
 * This realm's KAS for one request, as both of its front ends use it — the REST endpoints
 * ({@link KasResource}) and Connect RPC ({@code io.dive.kas.connect}): its settings, address, key set,
 * and the one way a rewrap is authenticated and run ({@link #rewrap}).
 */
public final class RealmKas {

    private static final Logger LOG = Logger.getLogger(RealmKas.class);

    /** A rewrap's outcome, how long the token checks took and how long the whole rewrap took here. */
    public record Rewrap(RewrapPipeline.Outcome outcome, long tokenNanos, long totalNanos) {
        /** A {@code Server-Timing} value: the token checks, the pipeline's stages, and the rest of the KAS's own time. */
        public String serverTiming() {
            return String.format(java.util.Locale.ROOT, "token;dur=%.2f, %s, other;dur=%.2f", tokenNanos / 1e6,
                    outcome.stages().header(), (totalNanos - tokenNanos - outcome.stages().nanos()) / 1e6);
        }
    }

    private final KeycloakSession session;
    private final KasSettings settings;
    private final AccessTokenVerifier tokens;
    private final RewrapPipeline pipeline;
    private final RealmModel realm;
    private final KasRealmSettings realmSettings;
    /** This request's address, resolved on first use (a rewrap needs it three times; each costs hostname-provider calls). */
    private KasAddress address;

    RealmKas(KeycloakSession session, KasSettings settings, AccessTokenVerifier tokens, RewrapPipeline pipeline) {
        this.session = session;
        this.settings = settings;
        this.tokens = tokens;
        this.pipeline = pipeline;
        this.realm = session.getContext().getRealm();
        this.realmSettings = KasRealmSettings.of(realm);
    }

    public RealmModel realm() {
        return realm;
    }

    public boolean enabled() {
        return realmSettings.enabled();
    }

    public KasSettings settings() {
        return settings;
    }

    KasRealmSettings realmSettings() {
        return realmSettings;
    }

    public KasAddress address() throws KasFailure {
        if (address == null) {
            address = KasAddress.of(session, realm, realmSettings);
        }
        return address;
    }

    /** The issuer of this realm's tokens. */
    public String issuer() throws KasFailure {
        return address().issuer(realm.getName());
    }

    /** The public URLs of {@code path} under this KAS (its {@code dive.kas.url} first, then its Keycloak path). */
    public List<String> urls(String path) throws KasFailure {
        return address().kasUrls(realm.getName()).stream().map(url -> (url.endsWith("/") ? url : url + "/") + path).toList();
    }

    /**
     * Authenticates the caller (Bearer, or DPoP with its proof) and runs the rewrap pipeline.
     *
     * @param path the request's path under the KAS (for a DPoP proof's {@code htu})
     * @param envelope the rewrap body {@code {"signedRequestToken": ...}}
     */
    public Rewrap rewrap(String authorization, String dpopProof, String method, String path, String envelope)
            throws KasFailure, DpopRefusal {
        long started = System.nanoTime();
        KasAddress address = address();
        AccessTokenVerifier.Authenticated caller = tokens.verify(session, realm, realmSettings, address,
                DpopBinding.Presentation.of(authorization, dpopProof), method, urls(path));
        long tokenNanos = System.nanoTime() - started;
        List<String> urls = address.kasUrls(realm.getName());
        Caller target = new Caller(realm.getName(), caller.requester(), urls.get(0), urls.subList(1, urls.size()),
                session.getContext().getConnection().getRemoteAddr(), keyProviderId(), keySet(), quota());
        RewrapPipeline.Outcome outcome = pipeline.rewrap(target, envelope, caller.requestSigner(),
                KeycloakSpans.of(session.getProvider(TracingProvider.class)));
        long totalNanos = System.nanoTime() - started;
        KasMeters.stages(target.keyProviderId(), tokenNanos, outcome.stages(), totalNanos);
        return new Rewrap(outcome, tokenNanos, totalNanos);
    }

    /** The realm's rewrap rate limits, counted in the DIVE Redis; an invalid attribute is a 503 naming it. */
    private RewrapQuota quota() throws KasFailure {
        RewrapLimits limits;
        try {
            limits = RewrapLimits.of(realm::getAttribute);
        } catch (IllegalArgumentException e) {
            throw new KasFailure(KasFailure.Kind.KAS_MISCONFIGURED, e.getMessage());
        }
        RedisProvider redis = limits.unlimited() ? null : session.getProvider(RedisProvider.class);
        return redis == null ? RewrapQuota.UNLIMITED : new RewrapQuota(limits, new RedisWindowCounters(redis), Clock.systemUTC());
    }

    /** The active key of {@code algorithm} in the realm's key set, if it holds one. */
    public Optional<KasKey> activeKey(KeyAlgorithm algorithm) throws KasFailure {
        try {
            return keySet().activeKey(algorithm);
        } catch (KasFailure e) {
            LOG.warnf("DIVE KAS public key unavailable in realm %s: %s", realm.getName(), e.logDetail());
            throw e;
        } catch (KeyProviderException e) {
            LOG.warnf("DIVE KAS public key unavailable from %s: %s", keyProviderId(), SafeText.of(e.getMessage(), 1000));
            throw new KasFailure(KasFailure.Kind.KEY_PROVIDER_UNAVAILABLE, e.getMessage());
        }
    }

    /** {@code key} as a JWK (its {@code alg}: the RSA-OAEP variant of its kid, or ECDH-ES). */
    public static Map<String, Object> jwk(KasKey key) {
        JWKBuilder builder = JWKBuilder.create().kid(key.kid());
        JWK built = key.algorithm() == KeyAlgorithm.RSA_2048 ? builder.algorithm(key.oaepHash().jwkAlg())
                .rsa(key.publicKey(), KeyUse.ENC) : builder.algorithm("ECDH-ES").ec(key.publicKey(), KeyUse.ENC);
        return OpenTdfJson.jwkMembers(built);
    }

    /** The realm's key set in its key provider. */
    public KasKeySet keySet() throws KasFailure {
        String keyProviderId = keyProviderId();
        KasKeyProvider provider = keyProviderId == null ? null : session.getProvider(KasKeyProvider.class, keyProviderId);
        if (provider == null) {
            throw new KasFailure(KasFailure.Kind.KEY_PROVIDER_UNAVAILABLE, "realm names key provider '" + keyProviderId
                    + "', which is not installed");
        }
        try {
            return provider.keySet(realmSettings.keySet());
        } catch (KeyProviderException e) {
            throw new KasFailure(KasFailure.Kind.KEY_PROVIDER_UNAVAILABLE, e.getMessage());
        }
    }

    /**
     * The realm's key provider ({@code dive.kas.keyProvider}), else the SPI's default as Keycloak
     * chooses it ({@code --spi-dive-kas-keys--provider-default}, else the factory of highest order:
     * {@code software}); null when there is none.
     */
    public String keyProviderId() {
        if (realmSettings.keyProvider() != null) {
            return realmSettings.keyProvider();
        }
        ProviderFactory<KasKeyProvider> fallback = session.getKeycloakSessionFactory().getProviderFactory(KasKeyProvider.class);
        return fallback == null ? null : fallback.getId();
    }
}
