package io.dive.kas;

import com.fasterxml.jackson.databind.JsonNode;
import io.dive.kas.keys.KasKey;
import io.dive.kas.keys.KasKeyProvider;
import io.dive.kas.keys.KeyProviderException;
import io.dive.model.CoalitionClaims;
import io.dive.opa.Decision;
import io.dive.opa.DecisionInput;
import io.dive.opa.DecisionPoint;
import io.dive.opa.OpaClient;
import io.dive.ztdf.KeyAccessObject;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.KeyWrapping;
import io.dive.ztdf.OpenTdfJson;
import io.dive.ztdf.Pem;
import io.dive.ztdf.PolicyObject;
import io.dive.ztdf.RewrapRequest;
import io.dive.ztdf.RewrapResponse;
import io.dive.ztdf.SecurityLabel;
import io.dive.ztdf.SignedRequestToken;
import io.dive.ztdf.ZtdfException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The rewrap pipeline (SPEC §7): signed request token → per key access object: this KAS? known
 * kid? unwrap with the key provider → policy binding (constant time) → OPA {@code dive.kas} on the
 * token's claims and the policy → rewrap to the client key → audit. Anything short of a permit
 * gives no key.
 */
final class RewrapService {

    private static final Logger LOG = Logger.getLogger(RewrapService.class);
    private static final int MAX_REQUESTS = 100;
    private static final int MAX_KEY_ACCESS_OBJECTS = 100;
    private static final long MAX_SRT_LIFETIME_SECONDS = 600;

    /** Who asks, from where, through which KAS and key provider. */
    record Caller(String realm, AccessTokenVerifier.VerifiedToken token, String kasUrl, String clientAddress,
            String keyProviderId, KasKeyProvider keys) {
    }

    /**
     * The answer (v2, or v1 for a v1 request), its HTTP status and where the time went
     * ({@code Server-Timing} value: signed request token, unwrap, OPA decision, rewrap — durations
     * only, nothing about keys).
     */
    record Outcome(int status, RewrapResponse response, RewrapResponse.Legacy legacy, Stages stages) {
        String json() {
            return legacy == null ? OpenTdfJson.writeRewrapResponse(response) : OpenTdfJson.writeLegacyRewrapResponse(legacy);
        }
    }

    /** Nanoseconds spent per stage within one request. */
    static final class Stages {
        long srt;
        long unwrap;
        long opa;
        long rewrap;

        String header() {
            return String.format(java.util.Locale.ROOT, "srt;dur=%.2f, unwrap;dur=%.2f, opa;dur=%.2f, rewrap;dur=%.2f",
                    srt / 1e6, unwrap / 1e6, opa / 1e6, rewrap / 1e6);
        }
    }

    private final OpaClient opa;
    private final UnwrappedKeyCache cache;
    private final KasConfig config;
    private final Clock clock;

    RewrapService(OpaClient opa, UnwrappedKeyCache cache, KasConfig config, Clock clock) {
        this.opa = opa;
        this.cache = cache;
        this.config = config;
        this.clock = clock;
    }

    /** The client's request after its signed request token verified. */
    private record ClientRequest(PublicKey clientKey, RewrapRequest body) {
    }

    Outcome rewrap(Caller caller, String rawBody) throws KasFailure {
        Stages stages = new Stages();
        long started = System.nanoTime();
        ClientRequest request = verifySignedRequest(rawBody);
        stages.srt = System.nanoTime() - started;
        String requestId = UUID.randomUUID().toString();
        KeyPair session = null;
        if (request.clientKey() instanceof ECPublicKey) {
            try {
                session = KeyWrapping.newEcKeyPair();
            } catch (GeneralSecurityException e) {
                throw new KasFailure(KasFailure.Kind.KEY_PROVIDER_UNAVAILABLE, "cannot make a session key: " + e.getMessage());
            }
        }
        List<RewrapResponse.PolicyResult> responses = new ArrayList<>();
        for (RewrapRequest.PolicyRequest policyRequest : request.body().requests()) {
            RewrapRequest.Policy policy = policyRequest.policy();
            List<RewrapResponse.KeyAccessResult> results = new ArrayList<>();
            Map<String, Object> decisionMemo = new HashMap<>();
            for (RewrapRequest.KeyAccessItem item : policyRequest.keyAccessObjects()) {
                results.add(processOne(caller, requestId, policy.id(), policy.body(), item.keyAccessObjectId(),
                        item.keyAccessObject(), request.clientKey(), session, decisionMemo, stages));
            }
            responses.add(new RewrapResponse.PolicyResult(policy.id(), results));
        }
        RewrapResponse response = new RewrapResponse(session == null ? null : Pem.publicKey(session.getPublic()), responses);
        if (!request.body().legacy()) {
            return new Outcome(200, response, null, stages);
        }
        // v1: one key access object; its result becomes the whole answer.
        RewrapResponse.KeyAccessResult only = response.first();
        return new Outcome(only.permitted() ? 200 : statusOf(only.metadata().failure()), response, response.legacy(), stages);
    }

    private ClientRequest verifySignedRequest(String rawBody) throws KasFailure {
        SignedRequestToken token;
        PublicKey clientKey;
        SignedRequestToken.Verified verified;
        try {
            // The body names the key that must have signed it: read it first, trust it only after.
            token = SignedRequestToken.read(rawBody);
            clientKey = Pem.parsePublicKey(token.request().clientPublicKey());
            if (clientKey instanceof ECPublicKey) {
                KeyWrapping.requireP256Point(clientKey);
            }
            if (clientKey instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() < 2048) {
                throw new KasFailure(KasFailure.Kind.MALFORMED_REQUEST, "client RSA keys must be 2048 bits or more");
            }
            // The token must be signed by the very key the released keys will be wrapped to.
            verified = token.verify(clientKey);
        } catch (GeneralSecurityException e) {
            throw new KasFailure(KasFailure.Kind.INVALID_SIGNED_REQUEST, e.getMessage());
        } catch (ZtdfException e) {
            throw new KasFailure(KasFailure.Kind.MALFORMED_REQUEST, e.getMessage());
        }
        long now = clock.instant().getEpochSecond();
        long skew = config.clockSkew().toSeconds();
        if (verified.expiresAt() == null || verified.expiresAt() + skew < now) {
            throw new KasFailure(KasFailure.Kind.INVALID_SIGNED_REQUEST, "signed request token expired or without exp");
        }
        if (verified.issuedAt() == null || verified.issuedAt() - skew > now
                || verified.expiresAt() - verified.issuedAt() > MAX_SRT_LIFETIME_SECONDS) {
            throw new KasFailure(KasFailure.Kind.INVALID_SIGNED_REQUEST,
                    "signed request token without iat, iat in the future, or lifetime over " + MAX_SRT_LIFETIME_SECONDS + " s");
        }
        requireBounded(verified.request());
        return new ClientRequest(clientKey, verified.request());
    }

    /** Every key access object may cost an HSM/KMS operation: bound the work one request can cause. */
    private static void requireBounded(RewrapRequest request) throws KasFailure {
        List<RewrapRequest.PolicyRequest> all = request.requests();
        if (all.isEmpty() || all.size() > MAX_REQUESTS) {
            throw new KasFailure(KasFailure.Kind.MALFORMED_REQUEST, "requests must be an array of 1.." + MAX_REQUESTS);
        }
        if (request.keyAccessObjectCount() > MAX_KEY_ACCESS_OBJECTS) {
            throw new KasFailure(KasFailure.Kind.MALFORMED_REQUEST, "at most " + MAX_KEY_ACCESS_OBJECTS
                    + " key access objects per request, got " + request.keyAccessObjectCount());
        }
        for (RewrapRequest.PolicyRequest item : all) {
            if (item.keyAccessObjects().isEmpty()) {
                throw new KasFailure(KasFailure.Kind.MALFORMED_REQUEST,
                        "each request needs a policy object and 1.." + MAX_KEY_ACCESS_OBJECTS + " keyAccessObjects");
            }
        }
    }

    private RewrapResponse.KeyAccessResult processOne(Caller caller, String requestId, String policyId, String policyBody,
            String kaoId, KeyAccessObject kao, PublicKey clientKey, KeyPair session, Map<String, Object> decisionMemo,
            Stages stages) {
        String kid = kao.kid();
        List<Decision.Reason> reasons = List.of();
        String failure = null;
        byte[] dataKey = null;
        RewrapResponse.KeyAccessResult result;
        try {
            long t0 = System.nanoTime();
            try {
                dataKey = unwrap(caller, kao, policyBody);
            } finally {
                stages.unwrap += System.nanoTime() - t0;
            }
            long t1 = System.nanoTime();
            Decision decision;
            try {
                decision = decide(caller, requestId, policyBody, decisionMemo);
            } finally {
                stages.opa += System.nanoTime() - t1;
            }
            reasons = decision.reasons();
            if (!decision.allow()) {
                throw new KasFailure(decision.source() == Decision.Source.FAIL_CLOSED ? KasFailure.Kind.POLICY_UNAVAILABLE
                        : KasFailure.Kind.ACCESS_DENIED, "OPA: " + decision.reasons());
            }
            // The KAS cannot carry out obligations (e.g. watermarking): a permit with any is no permit.
            if (!decision.obligations().isEmpty()) {
                throw new KasFailure(KasFailure.Kind.ACCESS_DENIED, "OPA permitted with obligations the KAS cannot fulfil: "
                        + decision.obligations());
            }
            long t2 = System.nanoTime();
            result = RewrapResponse.KeyAccessResult.permit(kaoId, Base64.getEncoder().encodeToString(
                    rewrapTo(clientKey, session, dataKey)));
            stages.rewrap += System.nanoTime() - t2;
        } catch (KasFailure e) {
            failure = e.kind().name();
            // The client got a generic message; the detail is for operators. Denials are in the audit.
            if (e.kind() == KasFailure.Kind.ACCESS_DENIED) {
                LOG.debugf("DIVE KAS %s %s/%s kid=%s: %s", e.kind(), policyId, kaoId, kid, e.getMessage());
            } else {
                LOG.warnf("DIVE KAS %s in realm %s for %s/%s kid=%s: %s", e.kind(), caller.realm(), policyId, kaoId, kid,
                        e.getMessage());
            }
            result = RewrapResponse.KeyAccessResult.fail(kaoId, e.clientMessage(), new RewrapResponse.Metadata(
                    e.kind().name(), reasons.stream().map(r -> new RewrapResponse.Reason(r.code(), r.message())).toList()));
        } catch (RuntimeException e) {
            failure = "INTERNAL";
            LOG.errorf(e, "DIVE KAS unexpected error for %s/%s", policyId, kaoId);
            result = RewrapResponse.KeyAccessResult.fail(kaoId, "bad request", new RewrapResponse.Metadata("INTERNAL", null));
        } finally {
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
        }
        KasAudit.record(new KasAudit.Entry(caller.realm(), requestId, caller.token().claims().path(CoalitionClaims.UNIQUE_ID)
                .asText(caller.token().claims().path("sub").asText("")), caller.token().issuer(), policyId, kid, kaoId,
                failure == null ? "PERMIT" : "DENY", failure, reasons, caller.clientAddress(), caller.keyProviderId()));
        return result;
    }

    /** The HTTP status of a v1 answer that failed. */
    private static int statusOf(String failure) {
        for (KasFailure.Kind kind : KasFailure.Kind.values()) {
            if (kind.name().equals(failure)) {
                return kind.status;
            }
        }
        return 400;
    }

    /** The data key of one key access object, after its url, kid and policy binding checked out. */
    private byte[] unwrap(Caller caller, KeyAccessObject kao, String policyBody) throws KasFailure {
        String url = kao.url();
        if (!trimSlash(url).equals(trimSlash(caller.kasUrl()))) {
            throw new KasFailure(KasFailure.Kind.WRONG_KAS, "key access object url " + url + " is not " + caller.kasUrl());
        }
        KeyAlgorithm algorithm = kao.type().algorithm();
        String kid = kao.kid();
        KasKey key;
        try {
            Optional<KasKey> found = kid.isEmpty() ? caller.keys().activeKey(algorithm) : caller.keys().key(kid);
            key = found.orElseThrow(() -> new KasFailure(KasFailure.Kind.UNKNOWN_KEY, "kid '" + kid + "' unknown to "
                    + caller.keyProviderId()));
        } catch (KeyProviderException e) {
            throw new KasFailure(KasFailure.Kind.KEY_PROVIDER_UNAVAILABLE, e.getMessage());
        }
        if (key.algorithm() != algorithm) {
            throw new KasFailure(KasFailure.Kind.BAD_REQUEST, "kid " + key.kid() + " is " + key.algorithm() + ", type is "
                    + kao.type().jsonName());
        }
        String wrappedText = kao.wrappedKey();
        String ephemeral = kao.ephemeralPublicKey();
        String cacheId = UnwrappedKeyCache.id(key.kid(), wrappedText, ephemeral);
        Optional<byte[]> cached = cache.get(cacheId);
        byte[] dataKey;
        if (cached.isPresent()) {
            dataKey = cached.get();
        } else {
            byte[] wrapped;
            try {
                wrapped = Base64.getDecoder().decode(wrappedText);
            } catch (IllegalArgumentException e) {
                throw new KasFailure(KasFailure.Kind.BAD_REQUEST, "wrappedKey is not base64");
            }
            try {
                if (algorithm == KeyAlgorithm.RSA_2048) {
                    dataKey = caller.keys().unwrapRsa(key, wrapped);
                } else {
                    PublicKey peer = Pem.parsePublicKey(ephemeral);
                    // Before any private-key operation: an off-curve point could leak the key (invalid-curve attack).
                    KeyWrapping.requireP256Point(peer);
                    byte[] secret = caller.keys().agree(key, peer);
                    byte[] wrappingKey = KeyWrapping.deriveWrappingKey(secret);
                    Arrays.fill(secret, (byte) 0);
                    try {
                        dataKey = KeyWrapping.open(wrappingKey, wrapped);
                    } finally {
                        Arrays.fill(wrappingKey, (byte) 0);
                    }
                }
            } catch (KeyProviderException e) {
                throw new KasFailure(e.unavailable() ? KasFailure.Kind.KEY_PROVIDER_UNAVAILABLE : KasFailure.Kind.BAD_REQUEST,
                        e.getMessage());
            } catch (GeneralSecurityException e) {
                throw new KasFailure(KasFailure.Kind.BAD_REQUEST, "unwrap failed: " + e.getMessage());
            }
        }
        if (dataKey.length != 32 || !kao.policyBinding().matches(dataKey, policyBody)) {
            Arrays.fill(dataKey, (byte) 0);
            throw new KasFailure(KasFailure.Kind.BAD_REQUEST, "policy binding mismatch (or not a 256-bit key)");
        }
        if (cached.isEmpty()) {
            cache.put(cacheId, dataKey);
        }
        return dataKey;
    }

    /** One OPA decision per policy per request, on the verified token's claims and the policy's label. */
    private Decision decide(Caller caller, String requestId, String policyBody, Map<String, Object> memo) throws KasFailure {
        Object known = memo.get("decision");
        if (known instanceof Decision decision) {
            return decision;
        }
        if (known instanceof KasFailure failure) {
            throw failure;
        }
        PolicyObject policy;
        try {
            policy = PolicyObject.parse(policyBody);
        } catch (ZtdfException e) {
            KasFailure failure = new KasFailure(KasFailure.Kind.POLICY_INVALID, e.getMessage());
            memo.put("decision", failure);
            throw failure;
        }
        SecurityLabel label = policy.label();
        DecisionInput input = new DecisionInput(subject(caller.token()), "decrypt",
                new DecisionInput.Resource(policy.uuid(), label.classification(), label.releasableTo(), label.coi(), null,
                        label.caveats(), label.creationTime(), null, null, label.originator(), true, null),
                new DecisionInput.Context(Instant.now(clock).toString(), requestId));
        Decision decision = opa.decide(DecisionPoint.KAS, input);
        memo.put("decision", decision);
        return decision;
    }

    static DecisionInput.Subject subject(AccessTokenVerifier.VerifiedToken token) {
        JsonNode claims = token.claims();
        return new DecisionInput.Subject(text(claims, CoalitionClaims.UNIQUE_ID), text(claims, CoalitionClaims.CLEARANCE),
                text(claims, CoalitionClaims.CLEARANCE_ORIGINAL), text(claims, CoalitionClaims.CLEARANCE_COUNTRY),
                text(claims, CoalitionClaims.COUNTRY_OF_AFFILIATION), strings(claims, CoalitionClaims.ACP_COI),
                text(claims, CoalitionClaims.ORGANIZATION_TYPE), text(claims, "acr"), strings(claims, "amr"),
                claims.path("auth_time").canConvertToLong() ? claims.path("auth_time").asLong() : null, token.issuer());
    }

    private static String text(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        return value != null && value.isTextual() ? value.textValue() : null;
    }

    private static List<String> strings(JsonNode claims, String name) {
        JsonNode value = claims.get(name);
        if (value == null || !value.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>();
        value.forEach(item -> out.add(item.asText()));
        return out;
    }

    /** The data key for the client: RSA-OAEP (SHA-1, as OpenTDF clients expect) or sealed under the EC session. */
    private static byte[] rewrapTo(PublicKey clientKey, KeyPair session, byte[] dataKey) throws KasFailure {
        try {
            if (clientKey instanceof RSAPublicKey) {
                return KeyWrapping.rsaOaepWrap(clientKey, KeyWrapping.OaepHash.SHA1, dataKey);
            }
            byte[] wrappingKey = KeyWrapping.deriveWrappingKey(KeyWrapping.ecdh(session.getPrivate(), clientKey));
            try {
                return KeyWrapping.seal(wrappingKey, dataKey);
            } finally {
                Arrays.fill(wrappingKey, (byte) 0);
            }
        } catch (GeneralSecurityException e) {
            throw new KasFailure(KasFailure.Kind.MALFORMED_REQUEST, "cannot wrap to the client key: " + e.getMessage());
        }
    }

    private static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
