package io.dive.authenticators.otp;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OTPPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.HmacOTP;
import org.keycloak.models.utils.TimeBasedOTP;
import org.keycloak.utils.TotpUtils;

/**
 * Enrols a user who has no OTP credential, or verifies the code of one who has (SPEC §5).
 *
 * <p>Enrollment: the server generates the secret and keeps it as a pending secret in Redis (bound
 * to realm, user and authentication session, encrypted with the realm's AES key, TTL from the
 * {@code dive-redis} settings); the page shows a QR code and the manual key; the submitted code is
 * checked against the secret read back from Redis — never from the form — and only then is the
 * credential created and the pending secret deleted. Wrong codes are counted; past the limit the
 * pending secret is discarded and a new one shown. A code is accepted once across all nodes
 * ({@code SET NX} in Redis). Success records level of authentication 2 (acr "2", amr pwd+otp).
 */
public final class DiveOtpAuthenticator implements Authenticator {

    static final String FORM_CODE = "otp";
    static final String ENROLL_TEMPLATE = "dive-otp-enroll.ftl";
    static final String VERIFY_TEMPLATE = "dive-otp.ftl";
    static final String ERROR_TEMPLATE = "dive-otp-error.ftl";
    static final String ACTIVATE_TEMPLATE = "dive-otp-activate.ftl";
    static final String FORM_ACTIVATION_CODE = "activationCode";
    /** Auth-session note: the activation code was accepted in this login (never a flag on the user). */
    static final String ACTIVATED_NOTE = "dive.otp.activated";
    private static final Logger LOG = Logger.getLogger(DiveOtpAuthenticator.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        if (OtpCodes.enrolled(context.getUser())) {
            context.challenge(verifyForm(context, null));
        } else if (gated(context)) {
            context.challenge(context.form().createForm(ACTIVATE_TEMPLATE));
        } else {
            showEnrollment(context, null, false);
        }
    }

    /** True while the activation-code gate is on and this login has not passed it yet. */
    private static boolean gated(AuthenticationFlowContext context) {
        return config(context).enrollmentGate() == DiveOtpConfig.Gate.ACTIVATION_CODE
                && !"true".equals(context.getAuthenticationSession().getAuthNote(ACTIVATED_NOTE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        MultivaluedMap<String, String> form = context.getHttpRequest().getDecodedFormParameters();
        String code = Optional.ofNullable(form.getFirst(FORM_CODE)).map(String::strip).orElse("");
        if (!OtpCodes.enrolled(context.getUser()) && gated(context)) {
            activate(context, Optional.ofNullable(form.getFirst(FORM_ACTIVATION_CODE)).orElse(""));
            return;
        }
        if (OtpCodes.enrolled(context.getUser())) {
            verifyEnrolled(context, code);
        } else {
            verifyEnrollment(context, code);
        }
    }

    // --- Enrolled users ------------------------------------------------------------------------

    private void verifyEnrolled(AuthenticationFlowContext context, String code) {
        UserModel user = context.getUser();
        if (!OtpCodes.validForCredential(user, code)) {
            context.getEvent().user(user).error("dive_otp_invalid");
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, verifyForm(context, "diveOtpInvalid"));
            return;
        }
        Boolean first = OtpCodes.claim(context, code);
        if (Boolean.FALSE.equals(first)) {
            context.getEvent().user(user).error("dive_otp_replayed");
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, verifyForm(context, "diveOtpAlreadyUsed"));
            return;
        }
        OtpCodes.succeed(context);
    }

    // --- Activation-code gate -------------------------------------------------------------------

    private void activate(AuthenticationFlowContext context, String activationCode) {
        boolean accepted;
        try {
            accepted = store(context).consumeActivationCode(context.getRealm().getId(), context.getUser().getId(),
                    activationCode);
        } catch (RuntimeException e) {
            redisUnavailable(context, e);
            return;
        }
        if (!accepted) {
            event(context, "activation_refused").error("dive_otp_activation_refused");
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                    context.form().setError("diveOtpActivationRefused").createForm(ACTIVATE_TEMPLATE));
            return;
        }
        context.getAuthenticationSession().setAuthNote(ACTIVATED_NOTE, "true");
        event(context, "activation_accepted").success();
        showEnrollment(context, null, false);
    }

    // --- Enrollment ----------------------------------------------------------------------------

    private void showEnrollment(AuthenticationFlowContext context, String error, boolean failure) {
        PendingSecretStore store;
        PendingSecretStore.Binding binding = binding(context);
        String secret;
        try {
            store = store(context);
            SecretKey key = enrollmentKey(context);
            Optional<byte[]> pending = store.load(binding, key);
            if (pending.isPresent()) {
                secret = new String(pending.get(), StandardCharsets.UTF_8);
            } else {
                secret = HmacOTP.generateSecret(20);
                store.save(binding, secret.getBytes(StandardCharsets.UTF_8), key, ttl(context));
                store.resetFailures(binding);
                event(context, "enrollment_started").success();
            }
        } catch (RuntimeException e) {
            redisUnavailable(context, e);
            return;
        }
        LoginFormsProvider form = context.form()
                .setAttribute("diveOtpSecretEncoded", TotpUtils.encode(secret))
                .setAttribute("diveOtpQrCode", TotpUtils.qrCode(context.getSession(), secret, context.getRealm(), context.getUser()))
                .setAttribute("diveOtpPolicy", context.getRealm().getOTPPolicy());
        if (error != null) {
            form.setError(error);
        }
        Response page = form.createForm(ENROLL_TEMPLATE);
        if (failure) {
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS, page);
        } else {
            context.challenge(page);
        }
    }

    private void verifyEnrollment(AuthenticationFlowContext context, String code) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        PendingSecretStore.Binding binding = binding(context);
        PendingSecretStore store;
        Optional<byte[]> pending;
        try {
            store = store(context);
            pending = store.load(binding, enrollmentKey(context));
        } catch (RuntimeException e) {
            redisUnavailable(context, e);
            return;
        }
        if (pending.isEmpty()) {
            event(context, "enrollment_expired").error("dive_otp_enrollment_expired");
            showEnrollment(context, "diveOtpEnrollmentExpired", false);
            return;
        }
        String secret = new String(pending.get(), StandardCharsets.UTF_8);
        OTPPolicy policy = realm.getOTPPolicy();
        TimeBasedOTP totp = new TimeBasedOTP(policy.getAlgorithm(), policy.getDigits(), policy.getPeriod(), 1);
        try {
            if (!code.isEmpty() && totp.validateTOTP(code, secret.getBytes(StandardCharsets.UTF_8))
                    && store.claimCode(realm.getId(), user.getId(), code, OtpCodes.codeValidity(realm))) {
                user.credentialManager().createStoredCredential(
                        OTPCredentialModel.createFromPolicy(realm, secret, "DIVE authenticator"));
                store.delete(binding);
                store.resetFailures(binding);
                event(context, "enrollment_completed").success();
                OtpCodes.succeed(context);
                return;
            }
            long failures = store.countFailure(binding, ttl(context));
            event(context, "enrollment_code_invalid").detail("dive_otp_failures", Long.toString(failures))
                    .error("dive_otp_invalid");
            if (failures >= config(context).maxAttempts()) {
                store.delete(binding);
                store.resetFailures(binding);
                event(context, "enrollment_discarded").error("dive_otp_too_many_attempts");
                showEnrollment(context, "diveOtpTooManyAttempts", true);
            } else {
                showEnrollment(context, "diveOtpInvalid", true);
            }
        } catch (RuntimeException e) {
            redisUnavailable(context, e);
        }
    }

    // --- Shared --------------------------------------------------------------------------------

    private static Response verifyForm(AuthenticationFlowContext context, String error) {
        LoginFormsProvider form = context.form();
        if (error != null) {
            form.setError(error);
        }
        return form.createForm(VERIFY_TEMPLATE);
    }

    private static void redisUnavailable(AuthenticationFlowContext context, RuntimeException e) {
        LOG.errorf("DIVE OTP enrollment impossible for user %s in realm %s: Redis unavailable (%s)",
                context.getUser().getUsername(), context.getRealm().getName(), e.toString());
        event(context, "redis_unavailable").error("dive_otp_redis_unavailable");
        context.failureChallenge(AuthenticationFlowError.INTERNAL_ERROR,
                context.form().setError("diveOtpRedisUnavailable").createForm(ERROR_TEMPLATE));
    }

    private static org.keycloak.events.EventBuilder event(AuthenticationFlowContext context, String step) {
        return context.getEvent().clone().event(EventType.UPDATE_TOTP).user(context.getUser()).detail("dive_otp_step", step);
    }

    private static PendingSecretStore store(AuthenticationFlowContext context) {
        return OtpCodes.redis(context.getSession()).pendingSecrets();
    }

    private static Duration ttl(AuthenticationFlowContext context) {
        return OtpCodes.redis(context.getSession()).settings().pendingSecretTtl();
    }

    private static DiveOtpConfig config(AuthenticationFlowContext context) {
        return DiveOtpConfig.from(context.getAuthenticatorConfig());
    }

    /** The realm's AES key: held by Keycloak, shared by every node through the database. */
    private static SecretKey enrollmentKey(AuthenticationFlowContext context) {
        KeyWrapper key = context.getSession().keys().getActiveKey(context.getRealm(), KeyUse.ENC, Algorithm.AES);
        if (key == null || key.getSecretKey() == null) {
            throw new IllegalStateException("realm " + context.getRealm().getName() + " has no active AES key");
        }
        return (SecretKey) key.getSecretKey();
    }

    private static PendingSecretStore.Binding binding(AuthenticationFlowContext context) {
        var authSession = context.getAuthenticationSession();
        return new PendingSecretStore.Binding(context.getRealm().getId(), context.getUser().getId(),
                authSession.getParentSession().getId() + "." + authSession.getTabId());
    }

    @Override
    public boolean requiresUser() {
        return true;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true; // Users without OTP are enrolled here rather than by a required action.
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
        // Enrollment happens inside this authenticator.
    }

    @Override
    public void close() {
        // Stateless.
    }
}
