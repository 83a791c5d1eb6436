package io.dive.audit;

/** Field names shared by the three collections: what the indexes, the sweeper and the auditor's queries use. */
public final class AuditFields {
    public static final String ID = "_id";
    public static final String TIMESTAMP = "timestamp";
    /** The subject's {@code uniqueID}. */
    public static final String SUBJECT = "subject";
    /** The resource: a ZTDF policy's uuid (key releases, decisions) or the OTP credential step's realm client (authentications). */
    public static final String RESOURCE = "resource";
    public static final String OUTCOME = "outcome";
    /** The Keycloak session id ({@code sid}) of the login the record belongs to. */
    public static final String CORRELATION_ID = "correlationId";
    /** The KAS's request id, also passed to OPA as {@code context.requestId}. */
    public static final String REQUEST_ID = "requestId";
    public static final String CLASSIFICATION = "classification";

    private AuditFields() {
    }
}
