package io.dive.kas.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import io.dive.kas.RealmKas;
import io.dive.kas.connect.wire.GetWellKnownConfigurationResponse;
import io.dive.kas.connect.wire.PublicKeyRequest;
import io.dive.kas.connect.wire.PublicKeyResponse;
import io.dive.kas.connect.wire.RewrapRequest;
import io.dive.kas.dpop.DpopRefusal;
import io.dive.kas.keys.KasKey;
import io.dive.kas.rewrap.KasFailure;
import io.dive.kas.rewrap.KasMeters;
import io.dive.kas.rewrap.RewrapPipeline;
import io.dive.model.SafeText;
import io.dive.ztdf.KeyAlgorithm;
import io.dive.ztdf.Pem;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The KAS in the Connect unary protocol, as OpenTDF SDKs call it at the root of the KAS origin:
 * {@code kas.AccessService/PublicKey} and {@code /Rewrap} (the same rewrap as {@code v2/rewrap},
 * through {@link RealmKas#rewrap}), the platform's well-known configuration and the KAS registry's
 * list; and {@code GET /.well-known/opentdf-configuration}. Binary protobuf or JSON in, the same
 * out; every error a Connect error body {@code {"code", "message"}} with its HTTP status, never a
 * stack trace.
 */
public final class ConnectResource {

    /** The largest request message read (a signed request token is at most 1 MiB). */
    static final int MAX_MESSAGE_BYTES = 2 << 20;
    private static final Logger LOG = Logger.getLogger(ConnectResource.class);
    private static final String REWRAP = "kas.AccessService/Rewrap";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RealmKas kas;
    private final String service;

    public ConnectResource(RealmKas kas, String service) {
        this.kas = kas;
        this.service = service;
    }

    /** One unary call: {@code POST /<service>/<method>}. */
    @POST
    @Path("{method}")
    @Consumes(MediaType.WILDCARD)
    public Response call(@PathParam("method") String method, @Context HttpHeaders headers, InputStream body) {
        Optional<ConnectCodec> codec = ConnectCodec.of(headers.getHeaderString(HttpHeaders.CONTENT_TYPE));
        if (codec.isEmpty()) {
            // As connect-go answers: 415 with Accept-Post; the body (Keycloak sends none without a media type) says what to send.
            return Response.fromResponse(error(ConnectCode.INVALID_ARGUMENT, "Content-Type must be application/proto or "
                    + "application/json")).status(415).header("Accept-Post", "application/proto, application/json").build();
        }
        return call(method, headers, codec.get(), () -> {
            requireUnaryHeaders(headers);
            return readBounded(body);
        });
    }

    /**
     * A side-effect-free call as Connect GET ({@code ?connect=v1&encoding=proto|json&message=...},
     * {@code base64=1} for binary), which connect-go clients send when told to ({@code WithHTTPGet}).
     */
    @GET
    @Path("{method}")
    public Response get(@PathParam("method") String method, @Context HttpHeaders headers,
            @jakarta.ws.rs.QueryParam("encoding") String encoding, @jakarta.ws.rs.QueryParam("message") String message,
            @jakarta.ws.rs.QueryParam("base64") String base64, @jakarta.ws.rs.QueryParam("compression") String compression) {
        Optional<ConnectCodec> codec = "proto".equals(encoding) ? Optional.of(ConnectCodec.PROTO)
                : "json".equals(encoding) ? Optional.of(ConnectCodec.JSON) : Optional.empty();
        if (codec.isEmpty() || "Rewrap".equals(method)) {
            return error(ConnectCode.INVALID_ARGUMENT, "Connect GET needs encoding=proto or json, and is for PublicKey and the "
                    + "discovery calls only");
        }
        return call(method, headers, codec.get(), () -> {
            if (compression != null && !compression.isEmpty() && !"identity".equals(compression)) {
                throw new ConnectException(ConnectCode.UNIMPLEMENTED, "compressed Connect GET messages are not supported");
            }
            String text = message == null ? "" : message;
            try {
                return "1".equals(base64) ? java.util.Base64.getUrlDecoder().decode(text.replace('+', '-').replace('/', '_')
                        .replace("=", "")) : text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "message is not base64");
            }
        });
    }

    /** The request message's bytes, or why there are none. */
    private interface MessageBytes {
        byte[] read() throws ConnectException;
    }

    private Response call(String method, HttpHeaders headers, ConnectCodec codec, MessageBytes message) {
        String procedure = service + "/" + method;
        try {
            if (!kas.enabled()) {
                throw new ConnectException(ConnectCode.NOT_FOUND, "the Key Access Service is not enabled in realm "
                        + kas.realm().getName());
            }
            byte[] bytes = message.read();
            Message answer = switch (procedure) {
                case "kas.AccessService/PublicKey" -> publicKey(codec.read(bytes, PublicKeyRequest.newBuilder()).build());
                case REWRAP -> rewrap(headers, procedure, codec.read(bytes, RewrapRequest.newBuilder()).build());
                case "wellknownconfiguration.WellKnownService/GetWellKnownConfiguration" -> wellKnown();
                case "policy.kasregistry.KeyAccessServerRegistryService/ListKeyAccessServers" -> registry();
                default -> throw new ConnectException(ConnectCode.UNIMPLEMENTED, "no procedure " + SafeText.of(procedure, 120)
                        + " at this KAS");
            };
            return Response.ok(codec.write(answer)).header(HttpHeaders.CONTENT_TYPE, codec.mediaType())
                    .header("Cache-Control", "no-store").build();
        } catch (ConnectException e) {
            return error(e);
        } catch (KasFailure e) {
            LOG.infof("DIVE KAS %s refused in realm %s: %s (%s)", procedure, kas.realm().getName(), e.kind(), e.logDetail());
            if (REWRAP.equals(procedure)) {
                KasMeters.requestRefused(kas.realm().getName(), KasMeters.CONNECT, e.kind());
            }
            return error(ConnectException.of(e));
        } catch (DpopRefusal e) {
            LOG.infof("DIVE KAS %s refused in realm %s: DPoP (%s)", procedure, kas.realm().getName(), SafeText.of(e.getMessage(), 500));
            KasMeters.dpopRefused(kas.realm().getName(), KasMeters.CONNECT, e.unavailable());
            return error(e.unavailable() ? ConnectCode.UNAVAILABLE : ConnectCode.UNAUTHENTICATED, e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "DIVE KAS %s failed in realm %s", procedure, kas.realm().getName());
            return error(ConnectCode.INTERNAL, "internal error");
        }
    }

    /** The OpenTDF platform discovery document: the well-known configuration as JSON. */
    @GET
    @Path("opentdf-configuration")
    public Response openTdfConfiguration() {
        if (!".well-known".equals(service) || !kas.enabled()) {
            return error(ConnectCode.NOT_FOUND, "no OpenTDF configuration here (is the KAS enabled in this realm?)");
        }
        try {
            byte[] body = JsonFormat.printer().print(wellKnown()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return Response.ok(body).header(HttpHeaders.CONTENT_TYPE, ConnectCodec.JSON.mediaType()).build();
        } catch (KasFailure e) {
            return error(ConnectException.of(e));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            return error(ConnectCode.INTERNAL, "internal error");
        }
    }

    private static void requireUnaryHeaders(HttpHeaders headers) throws ConnectException {
        String version = headers.getHeaderString("Connect-Protocol-Version");
        if (version != null && !"1".equals(version.trim())) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "Connect-Protocol-Version must be 1");
        }
        String encoding = headers.getHeaderString("Content-Encoding");
        if (encoding != null && !"identity".equalsIgnoreCase(encoding.trim())) {
            throw new ConnectException(ConnectCode.UNIMPLEMENTED, "request compression '" + SafeText.of(encoding, 20)
                    + "' is not supported: send uncompressed messages");
        }
    }

    private static byte[] readBounded(InputStream body) throws ConnectException {
        try {
            byte[] bytes = body == null ? new byte[0] : body.readNBytes(MAX_MESSAGE_BYTES + 1);
            if (bytes.length > MAX_MESSAGE_BYTES) {
                throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "the request message is larger than "
                        + MAX_MESSAGE_BYTES + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "the request body could not be read");
        }
    }

    private PublicKeyResponse publicKey(PublicKeyRequest request) throws ConnectException, KasFailure {
        KeyAlgorithm algorithm = KeyAlgorithm.fromOpenTdfName(request.getAlgorithm()).orElseThrow(() -> new ConnectException(
                ConnectCode.NOT_FOUND, "unknown algorithm '" + SafeText.of(request.getAlgorithm(), 40) + "' (rsa:2048 or ec:secp256r1)"));
        String format = request.getFmt();
        if (!format.isEmpty() && !"pkcs8".equals(format) && !"jwk".equals(format)) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "unknown fmt '" + SafeText.of(format, 40) + "' (pkcs8 or jwk)");
        }
        KasKey key = kas.activeKey(algorithm).orElseThrow(() -> new ConnectException(ConnectCode.NOT_FOUND,
                "no " + algorithm.openTdfName() + " key in the key set of this KAS"));
        String publicKey;
        try {
            publicKey = "jwk".equals(format) ? JSON.writeValueAsString(RealmKas.jwk(key)) : Pem.publicKey(key.publicKey());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return PublicKeyResponse.newBuilder().setPublicKey(publicKey).setKid(key.kid()).build();
    }

    private io.dive.kas.connect.wire.RewrapResponse rewrap(HttpHeaders headers, String procedure, RewrapRequest request)
            throws ConnectException, KasFailure, DpopRefusal {
        if (request.getSignedRequestToken().isEmpty()) {
            throw new ConnectException(ConnectCode.INVALID_ARGUMENT, "signed_request_token is empty");
        }
        String envelope;
        try {
            envelope = JSON.writeValueAsString(Map.of("signedRequestToken", request.getSignedRequestToken()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        RealmKas.Rewrap rewrap = kas.rewrap(headers.getHeaderString(HttpHeaders.AUTHORIZATION), headers.getHeaderString("DPoP"),
                "POST", procedure, envelope);
        RewrapPipeline.Outcome outcome = rewrap.outcome();
        if (outcome.status() != 200) {
            // A v1 (single key access object) request whose one object failed: its failure is the answer.
            io.dive.ztdf.RewrapResponse.KeyAccessResult only = outcome.response().first();
            throw new ConnectException(ConnectCode.ofHttpStatus(outcome.status()), only.error() == null ? "bad request" : only.error());
        }
        return WireMessages.rewrapResponse(outcome.response(), outcome.legacy());
    }

    private GetWellKnownConfigurationResponse wellKnown() throws KasFailure {
        return GetWellKnownConfigurationResponse.newBuilder()
                .setConfiguration(WireMessages.configuration(kas.issuer(), kas.address().kasUrl())).build();
    }

    private io.dive.kas.connect.wire.ListKeyAccessServersResponse registry() throws KasFailure {
        List<KasKey> keys = new ArrayList<>();
        for (KeyAlgorithm algorithm : KeyAlgorithm.values()) {
            kas.activeKey(algorithm).ifPresent(keys::add);
        }
        String realm = kas.realm().getName();
        return WireMessages.registry("dive-kas-" + realm, "DIVE KAS of realm " + realm, kas.address().kasUrl(), keys);
    }

    private static Response error(ConnectCode code, String message) {
        return error(new ConnectException(code, message));
    }

    /** A Connect error body with its status; a request that was not admitted says when to retry ({@code Retry-After}, seconds). */
    private static Response error(ConnectException error) {
        try {
            Response.ResponseBuilder response = Response.status(error.code().httpStatus())
                    .entity(JSON.writeValueAsBytes(WireMessages.errorBody(error.code(), error.getMessage())))
                    .header(HttpHeaders.CONTENT_TYPE, ConnectCodec.JSON.mediaType()).header("Cache-Control", "no-store");
            error.retryAfter().ifPresent(wait -> response.header(HttpHeaders.RETRY_AFTER, String.valueOf(wait.toSeconds())));
            return response.build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
