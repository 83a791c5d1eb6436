package io.dive.audit;

import java.time.Instant;
import org.bson.codecs.pojo.annotations.BsonId;

/**
 * One OTP step of a login.
 *
 * @param correlationId the Keycloak session id ({@code sid} of the tokens the login issues)
 * @param step what happened, e.g. {@code CODE_ACCEPTED} (the authenticators' step names)
 * @param outcome {@code SUCCESS} or {@code FAILURE}
 * @param resource the client the login is for
 */
public record Authentication(@BsonId String id, Instant timestamp, String realm, String correlationId, String subject,
        String step, String outcome, String resource, String clearance, String clientAddress) implements AuditRecord {

    public static final String SUCCESS = "SUCCESS";
    public static final String FAILURE = "FAILURE";
}
