package io.dive.kas.connect;

import com.google.protobuf.ByteString;
import com.google.protobuf.ListValue;
import com.google.protobuf.Struct;
import com.google.protobuf.Value;
import io.dive.kas.connect.wire.KasPublicKey;
import io.dive.kas.connect.wire.KasPublicKeyAlgEnum;
import io.dive.kas.connect.wire.KasPublicKeySet;
import io.dive.kas.connect.wire.KeyAccessRewrapResult;
import io.dive.kas.connect.wire.KeyAccessServer;
import io.dive.kas.connect.wire.ListKeyAccessServersResponse;
import io.dive.kas.connect.wire.PageResponse;
import io.dive.kas.connect.wire.PolicyRewrapResult;
import io.dive.kas.connect.wire.PublicKey;
import io.dive.kas.connect.wire.RewrapResponse;
import io.dive.kas.keys.KasKey;
import io.dive.kas.rewrap.KasFailure;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.Pem;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** DIVE's answers as the Connect messages OpenTDF clients read (pure: no Keycloak). */
final class WireMessages {

    private WireMessages() {
    }

    /**
     * The rewrap response: each key access object's result, a failure as a gRPC-style error (its
     * code from the failure kind: a denial is {@code PermissionDenied}) and, as metadata, DIVE's
     * failure kind and decision reasons.
     */
    static RewrapResponse rewrapResponse(io.dive.ztdf.RewrapResponse response, io.dive.ztdf.RewrapResponse.Legacy legacy) {
        RewrapResponse.Builder wire = RewrapResponse.newBuilder().setSchemaVersion("1.0.0");
        if (response.sessionPublicKey() != null) {
            wire.setSessionPublicKey(response.sessionPublicKey());
        }
        if (legacy != null && legacy.entityWrappedKey() != null) {
            wire.setEntityWrappedKey(ByteString.copyFrom(Base64.getDecoder().decode(legacy.entityWrappedKey())));
        }
        for (io.dive.ztdf.RewrapResponse.PolicyResult policy : response.responses()) {
            PolicyRewrapResult.Builder results = PolicyRewrapResult.newBuilder().setPolicyId(policy.policyId());
            for (io.dive.ztdf.RewrapResponse.KeyAccessResult result : policy.results()) {
                results.addResults(result(result));
            }
            wire.addResponses(results);
        }
        return wire.build();
    }

    private static KeyAccessRewrapResult result(io.dive.ztdf.RewrapResponse.KeyAccessResult result) {
        KeyAccessRewrapResult.Builder wire = KeyAccessRewrapResult.newBuilder()
                .setKeyAccessObjectId(result.keyAccessObjectId() == null ? "" : result.keyAccessObjectId());
        if (result.permitted()) {
            return wire.setStatus("permit").setKasWrappedKey(ByteString.copyFrom(Base64.getDecoder().decode(result.kasWrappedKey())))
                    .build();
        }
        String failure = result.metadata().failure();
        wire.setStatus("fail").setError(codeOf(failure).grpcError(result.error() == null ? "bad request" : result.error()));
        if (failure != null) {
            wire.putMetadata("failure", text(failure));
        }
        if (result.metadata().reasons() != null) {
            ListValue.Builder reasons = ListValue.newBuilder();
            for (io.dive.ztdf.RewrapResponse.Reason reason : result.metadata().reasons()) {
                reasons.addValues(Value.newBuilder().setStructValue(Struct.newBuilder().putFields("code", text(reason.code()))
                        .putFields("message", text(reason.message()))));
            }
            wire.putMetadata("reasons", Value.newBuilder().setListValue(reasons).build());
        }
        return wire.build();
    }

    /** The Connect code of a failure kind by name (its REST status); a defect of the KAS is {@code internal}. */
    static ConnectCode codeOf(String failure) {
        try {
            return ConnectCode.ofHttpStatus(KasFailure.Kind.valueOf(String.valueOf(failure)).status());
        } catch (IllegalArgumentException e) {
            return ConnectCode.INTERNAL;
        }
    }

    /** The registry's one entry: this KAS at {@code uri}, with its active keys. */
    static ListKeyAccessServersResponse registry(String id, String name, String uri, List<KasKey> keys) {
        KasPublicKeySet.Builder set = KasPublicKeySet.newBuilder();
        for (KasKey key : keys) {
            set.addKeys(KasPublicKey.newBuilder().setPem(Pem.publicKey(key.publicKey())).setKid(key.kid())
                    .setAlg(key.algorithm() == KeyAlgorithm.RSA_2048 ? KasPublicKeyAlgEnum.KAS_PUBLIC_KEY_ALG_ENUM_RSA_2048
                            : KasPublicKeyAlgEnum.KAS_PUBLIC_KEY_ALG_ENUM_EC_SECP256R1));
        }
        return ListKeyAccessServersResponse.newBuilder()
                .addKeyAccessServers(KeyAccessServer.newBuilder().setId(id).setName(name).setUri(uri)
                        .setPublicKey(PublicKey.newBuilder().setCached(set)))
                .setPagination(PageResponse.newBuilder().setTotal(1)).build();
    }

    /** The platform configuration OpenTDF SDKs start from: the IdP of this realm and where its tokens come from. */
    static Struct configuration(String issuer, String kasUrl) {
        String oidc = issuer + "/protocol/openid-connect";
        Struct idp = Struct.newBuilder().putFields("issuer", text(issuer))
                .putFields("authorization_endpoint", text(oidc + "/auth")).putFields("token_endpoint", text(oidc + "/token"))
                .putFields("jwks_uri", text(oidc + "/certs"))
                .putFields("configuration_endpoint", text(issuer + "/.well-known/openid-configuration")).build();
        return Struct.newBuilder().putFields("platform_issuer", text(issuer))
                .putFields("idp", Value.newBuilder().setStructValue(idp).build())
                .putFields("kas", Value.newBuilder().setStructValue(Struct.newBuilder().putFields("uri", text(kasUrl))).build())
                .build();
    }

    private static Value text(String value) {
        return Value.newBuilder().setStringValue(value == null ? "" : value).build();
    }

    static Map<String, String> errorBody(ConnectCode code, String message) {
        return Map.of("code", code.wireName(), "message", message);
    }
}
