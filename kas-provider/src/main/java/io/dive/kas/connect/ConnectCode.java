package io.dive.kas.connect;

import java.util.Locale;

/**
 * The Connect error codes DIVE answers with: each with its HTTP status (Connect protocol) and its
 * gRPC name, which per-key-access-object errors carry ({@code rpc error: code = PermissionDenied desc
 * = ...}, how OpenTDF SDKs classify a denial as forbidden).
 */
public enum ConnectCode {
    INVALID_ARGUMENT(400, "InvalidArgument"),
    UNAUTHENTICATED(401, "Unauthenticated"),
    PERMISSION_DENIED(403, "PermissionDenied"),
    NOT_FOUND(404, "NotFound"),
    RESOURCE_EXHAUSTED(429, "ResourceExhausted"),
    INTERNAL(500, "Internal"),
    UNIMPLEMENTED(501, "Unimplemented"),
    UNAVAILABLE(503, "Unavailable");

    private final int httpStatus;
    private final String grpcName;

    ConnectCode(int httpStatus, String grpcName) {
        this.httpStatus = httpStatus;
        this.grpcName = grpcName;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code as the Connect protocol spells it ({@code permission_denied}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A per-key-access-object error in the form gRPC status errors print. */
    public String grpcError(String message) {
        return "rpc error: code = " + grpcName + " desc = " + message;
    }

    /** The code of a DIVE failure answered with {@code httpStatus} (the status its REST endpoint would send). */
    public static ConnectCode ofHttpStatus(int httpStatus) {
        return switch (httpStatus) {
            case 400 -> INVALID_ARGUMENT;
            case 401 -> UNAUTHENTICATED;
            case 403 -> PERMISSION_DENIED;
            case 404 -> NOT_FOUND;
            case 429 -> RESOURCE_EXHAUSTED;
            case 501 -> UNIMPLEMENTED;
            case 502, 503, 504 -> UNAVAILABLE;
            default -> INTERNAL;
        };
    }
}
