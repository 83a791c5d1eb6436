package io.dive.kas.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.dive.kas.admission.Refusal;
import io.dive.kas.connect.wire.KeyAccessRewrapResult;
import io.dive.kas.connect.wire.RewrapRequest;
import io.dive.kas.connect.wire.RewrapResponse;
import io.dive.kas.rewrap.KasFailure;
import io.dive.ztdf.RewrapResponse.KeyAccessResult;
import io.dive.ztdf.RewrapResponse.Metadata;
import io.dive.ztdf.RewrapResponse.PolicyResult;
import io.dive.ztdf.RewrapResponse.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectWireTest {

    @Test
    void theCodecIsChosenByTheExactContentType() {
        assertThat(ConnectCodec.of("application/proto")).contains(ConnectCodec.PROTO);
        assertThat(ConnectCodec.of("application/json")).contains(ConnectCodec.JSON);
        assertThat(ConnectCodec.of("application/json; charset=utf-8")).contains(ConnectCodec.JSON);
        assertThat(ConnectCodec.of("application/json;charset=latin1")).isEmpty();
        assertThat(ConnectCodec.of("application/grpc")).isEmpty();
        assertThat(ConnectCodec.of(null)).isEmpty();
        // Responses say exactly application/json (connect-go refuses ;charset=UTF-8).
        assertThat(ConnectCodec.JSON.mediaType()).isEqualTo("application/json");
    }

    @Test
    void bothCodecsCarryTheSameMessage() throws Exception {
        RewrapRequest request = RewrapRequest.newBuilder().setSignedRequestToken("a.b.c").build();
        assertThat(ConnectCodec.PROTO.read(request.toByteArray(), RewrapRequest.newBuilder()).build()).isEqualTo(request);
        byte[] json = ConnectCodec.JSON.write(request);
        assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"signedRequestToken\":\"a.b.c\"}");
        assertThat(ConnectCodec.JSON.read(json, RewrapRequest.newBuilder()).build()).isEqualTo(request);
        // A field this KAS does not read is skipped, as proto3 parsers do.
        assertThat(ConnectCodec.JSON.read("{\"signedRequestToken\":\"t\",\"other\":1}".getBytes(StandardCharsets.UTF_8),
                RewrapRequest.newBuilder()).getSignedRequestToken()).isEqualTo("t");
    }

    @Test
    void malformedMessagesAreInvalidArgument() {
        byte[] truncated = {0x0a, 0x7f, 'x'}; // field 1, length 127, one byte
        assertThatThrownBy(() -> ConnectCodec.PROTO.read(truncated, RewrapRequest.newBuilder()))
                .isInstanceOf(ConnectException.class).hasMessageContaining("kas.RewrapRequest")
                .satisfies(e -> assertThat(((ConnectException) e).code()).isEqualTo(ConnectCode.INVALID_ARGUMENT));
        byte[] notUtf8 = {0x0a, 0x01, (byte) 0xff}; // a proto3 string must be UTF-8
        assertThatThrownBy(() -> ConnectCodec.PROTO.read(notUtf8, RewrapRequest.newBuilder()))
                .isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> ConnectCodec.JSON.read("{\"signedRequestToken\":".getBytes(StandardCharsets.UTF_8),
                RewrapRequest.newBuilder())).isInstanceOf(ConnectException.class);
        assertThatThrownBy(() -> ConnectCodec.JSON.read("[]".getBytes(StandardCharsets.UTF_8), RewrapRequest.newBuilder()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void connectCodesHaveTheProtocolsStatusAndName() {
        assertThat(ConnectCode.UNAUTHENTICATED.httpStatus()).isEqualTo(401);
        assertThat(ConnectCode.UNAUTHENTICATED.wireName()).isEqualTo("unauthenticated");
        assertThat(ConnectCode.PERMISSION_DENIED.wireName()).isEqualTo("permission_denied");
        assertThat(ConnectCode.UNIMPLEMENTED.httpStatus()).isEqualTo(501);
        assertThat(ConnectCode.ofHttpStatus(403)).isEqualTo(ConnectCode.PERMISSION_DENIED);
        assertThat(ConnectCode.ofHttpStatus(429)).isEqualTo(ConnectCode.RESOURCE_EXHAUSTED);
        assertThat(ConnectCode.ofHttpStatus(503)).isEqualTo(ConnectCode.UNAVAILABLE);
        assertThat(ConnectCode.ofHttpStatus(418)).isEqualTo(ConnectCode.INTERNAL);
    }

    @Test
    void aRequestNotAdmittedKeepsItsRetryAfterOverConnect() {
        ConnectException limited = ConnectException.of(KasFailure.notAdmitted(new Refusal(Refusal.Reason.RATE_LIMITED,
                "subject over 5 per 60 s", Duration.ofSeconds(7))));
        assertThat(limited.code()).isEqualTo(ConnectCode.RESOURCE_EXHAUSTED);
        assertThat(limited.retryAfter()).contains(Duration.ofSeconds(7));
        assertThat(limited.getMessage()).isEqualTo("too many rewrap requests, retry later");
        ConnectException overloaded = ConnectException.of(KasFailure.notAdmitted(new Refusal(Refusal.Reason.OVERLOADED,
                "8 rewraps in flight", Duration.ofSeconds(1))));
        assertThat(overloaded.code()).isEqualTo(ConnectCode.UNAVAILABLE);
        assertThat(overloaded.retryAfter()).contains(Duration.ofSeconds(1));
        // Every other refusal says nothing about retrying.
        assertThat(ConnectException.of(new KasFailure(KasFailure.Kind.POLICY_UNAVAILABLE, "OPA down")).retryAfter()).isEmpty();
        assertThat(ConnectException.of(new KasFailure(KasFailure.Kind.POLICY_UNAVAILABLE, "OPA down")).code())
                .isEqualTo(ConnectCode.UNAVAILABLE);
    }

    @Test
    void aDenialIsPermissionDeniedAndAPermitCarriesTheRawKey() {
        byte[] wrapped = {1, 2, 3};
        io.dive.ztdf.RewrapResponse dive = new io.dive.ztdf.RewrapResponse(null, List.of(new PolicyResult("p-1", List.of(
                KeyAccessResult.permit("kao-0", Base64.getEncoder().encodeToString(wrapped)),
                KeyAccessResult.fail("kao-1", "forbidden", new Metadata("ACCESS_DENIED",
                        List.of(new Reason("NOT_RELEASABLE", "not releasable to USA")))),
                KeyAccessResult.fail("kao-2", "bad request", new Metadata("BAD_REQUEST", null)),
                KeyAccessResult.fail("kao-3", "bad request", new Metadata("INTERNAL", null))))));
        RewrapResponse wire = WireMessages.rewrapResponse(dive, null);
        List<KeyAccessRewrapResult> results = wire.getResponses(0).getResultsList();
        assertThat(wire.getResponses(0).getPolicyId()).isEqualTo("p-1");
        assertThat(results.get(0).getStatus()).isEqualTo("permit");
        assertThat(results.get(0).getKasWrappedKey()).isEqualTo(ByteString.copyFrom(wrapped));
        assertThat(results.get(1).getStatus()).isEqualTo("fail");
        // The Go SDK reports ErrRewrapForbidden when it finds PermissionDenied in the error.
        assertThat(results.get(1).getError()).isEqualTo("rpc error: code = PermissionDenied desc = forbidden");
        assertThat(results.get(1).getMetadataOrThrow("failure").getStringValue()).isEqualTo("ACCESS_DENIED");
        assertThat(results.get(1).getMetadataOrThrow("reasons").getListValue().getValues(0).getStructValue()
                .getFieldsOrThrow("code").getStringValue()).isEqualTo("NOT_RELEASABLE");
        // "desc = bad request" is what the SDK takes as possible tampering: kept for unwrap and binding failures.
        assertThat(results.get(2).getError()).isEqualTo("rpc error: code = InvalidArgument desc = bad request");
        assertThat(results.get(3).getError()).startsWith("rpc error: code = Internal");
        assertThat(results.get(1).hasKasWrappedKey()).isFalse();
    }
}
