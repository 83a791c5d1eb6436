package io.dive.authenticators.otp;

import io.dive.authenticators.otp.store.OtpStores;
import io.dive.authenticators.otp.store.PendingSecretStore;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.OTPPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;
import org.keycloak.models.utils.HmacOTP;
import org.keycloak.models.utils.TimeBasedOTP;
import org.keycloak.utils.TotpUtils;

/**
 * Enrollment of a user who has no OTP credential, the browser authenticator's other half.
 *
 * <p>With the {@code activation-code} gate, the user first enters a code an administrator issued.
 * Then the server generates the secret and keeps it as a pending secret in Redis (bound to realm,
 * user and authentication session, encrypted with the realm's AES key, TTL from the
 * {@code dive-redis} settings); the page shows a QR code and the manual key; the submitted code is
 * checked against the secret read back from Redis — never from the form — and only then is the
 * credential created and the pending secret deleted. Wrong codes are counted; past the limit the
 * pending secret is discarded and a new one shown. Redis unreachable: an error page, nothing written.
 */
final class OtpEnrollment {

    static final String ENROLL_TEMPLATE = "dive-otp-enroll.ftl";
    static final String ERROR_TEMPLATE = "dive-otp-error.ftl";
    static final String ACTIVATE_TEMPLATE = "dive-otp-activate.ftl";
    static final String FORM_ACTIVATION_CODE = "activationCode";
    /** Auth-session note: the activation code was accepted in this login (never a flag on the user). */
    static final String ACTIVATED_NOTE = "dive.otp.activated";
    private static final Logger LOG = Logger.getLogger(OtpEnrollment.class);

    private OtpEnrollment() {
    }

    /** The first page for a user without OTP: the activation-code form, or the QR code. */
    static void start(AuthenticationFlowContext context) {
        if (gated(context)) {
            context.challenge(context.form().createForm(ACTIVATE_TEMPLATE));
        } else {
            show(context, null, false);
        }
    }

    /** A submitted form: the activation code while the gate is closed, else the first OTP code. */
    static void submit(AuthenticationFlowContext context, String code, String activationCode) {
        if (gated(context)) {
            activate(context, activationCode == null ? "" : activationCode);
        } else {
            verify(context, code);
        }
    }

    /** True while the activation-code gate is on and this login has not passed it yet. */
    private static boolean gated(AuthenticationFlowContext context) {
        return OtpConfig.from(context.getAuthenticatorConfig()).enrollmentGate() == OtpConfig.Gate.ACTIVATION_CODE
                && !"true".equals(context.getAuthenticationSession().getAuthNote(ACTIVATED_NOTE));
    }

    private static void activate(AuthenticationFlowContext context, String activationCode) {
        boolean accepted;
        try {
            accepted = OtpCodes.stores(context.getSession()).activationCodes()
                    .consume(context.getRealm().getId(), context.getUser().getId(), activationCode);
        } catch (RuntimeException e) {
            redisUnavailable(context, e);
            return;
        }
        if (!accepted) {
            event(context, "activation_refused").error("dive_otp_activation_refused");
            OtpEvents.emit(context, OtpStep.ACTIVATION_CODE_REFUSED);
            context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                    context.form().setError("diveOtpActivationRefused").createForm(ACTIVATE_TEMPLATE));
            return;
        }
        context.getAuthenticationSession().setAuthNote(ACTIVATED_NOTE, "true");
        event(context, "activation_accepted").success();
        OtpEvents.emit(context, OtpStep.ACTIVATION_CODE_USED);
        show(context, null, false);
    }

    /** The QR code and manual key of the binding's pending secret, created when there is none. */
    private static void show(AuthenticationFlowContext context, String error, boolean failure) {
        PendingSecretStore.Binding binding = binding(context);
        String secret;
        try {
            OtpStores stores = OtpCodes.stores(context.getSession());
            SecretKey key = enrollmentKey(context);
            Optional<byte[]> pending = stores.pendingSecrets().load(binding, key);
            if (pending.isPresent()) {
                secret = new String(pending.get(), StandardCharsets.UTF_8);
            } else {
                secret = HmacOTP.generateSecret(20);
                stores.pendingSecrets().save(binding, secret.getBytes(StandardCharsets.UTF_8), key, stores.pendingSecretTtl());
                stores.pendingSecrets().resetFailures(binding);
                event(context, "enrollment_started").success();
                OtpEvents.emit(context, OtpStep.ENROLLMENT_STARTED);
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

    /** Checks the first code against the pending secret; creates the credential when it matches. */
    private static void verify(AuthenticationFlowContext context, String code) {
        RealmModel realm = context.getRealm();
        UserModel user = context.getUser();
        PendingSecretStore.Binding binding = binding(context);
        OtpStores stores;
        Optional<byte[]> pending;
        try {
            stores = OtpCodes.stores(context.getSession());
            pending = stores.pendingSecrets().load(binding, enrollmentKey(context));
        } catch (RuntimeException e) {
            redisUnavailable(context, e);
            return;
        }
        if (pending.isEmpty()) {
            event(context, "enrollment_expired").error("dive_otp_enrollment_expired");
            OtpEvents.emit(context, OtpStep.ENROLLMENT_EXPIRED);
            show(context, "diveOtpEnrollmentExpired", false);
            return;
        }
        String secret = new String(pending.get(), StandardCharsets.UTF_8);
        OTPPolicy policy = realm.getOTPPolicy();
        TimeBasedOTP totp = new TimeBasedOTP(policy.getAlgorithm(), policy.getDigits(), policy.getPeriod(), 1);
        try {
            if (!code.isEmpty() && totp.validateTOTP(code, secret.getBytes(StandardCharsets.UTF_8))
                    && stores.usedCodes().claim(realm.getId(), user.getId(), code, OtpCodes.codeValidity(realm))) {
                user.credentialManager().createStoredCredential(
                        OTPCredentialModel.createFromPolicy(realm, secret, "DIVE authenticator"));
                stores.pendingSecrets().discard(binding);
                event(context, "enrollment_completed").success();
                OtpEvents.emit(context, OtpStep.ENROLLMENT_FINISHED);
                OtpCodes.succeed(context);
                return;
            }
            long failures = stores.pendingSecrets().countFailure(binding, stores.pendingSecretTtl());
            event(context, "enrollment_code_invalid").detail("dive_otp_failures", Long.toString(failures))
                    .error("dive_otp_invalid");
            OtpEvents.emit(context, OtpStep.CODE_REFUSED);
            if (failures >= OtpConfig.from(context.getAuthenticatorConfig()).maxAttempts()) {
                stores.pendingSecrets().discard(binding);
                event(context, "enrollment_discarded").error("dive_otp_too_many_attempts");
                OtpEvents.emit(context, OtpStep.ENROLLMENT_FAILED);
                show(context, "diveOtpTooManyAttempts", true);
            } else {
                show(context, "diveOtpInvalid", true);
            }
        } catch (RuntimeException e) {
            redisUnavailable(context, e);
        }
    }

    private static void redisUnavailable(AuthenticationFlowContext context, RuntimeException e) {
        LOG.errorf("DIVE OTP enrollment impossible for user %s in realm %s: Redis unavailable (%s)",
                context.getUser().getUsername(), context.getRealm().getName(), e.toString());
        event(context, "redis_unavailable").error("dive_otp_redis_unavailable");
        OtpEvents.emit(context, OtpStep.ENROLLMENT_FAILED);
        // A challenge, not a failure: an outage (a failover, say) is not a wrong credential, and counting it
        // would lock out users who retry quickly (Keycloak's brute-force quick-login check).
        context.challenge(context.form().setError("diveOtpRedisUnavailable").createForm(ERROR_TEMPLATE));
    }

    private static EventBuilder event(AuthenticationFlowContext context, String step) {
        return context.getEvent().clone().event(EventType.UPDATE_TOTP).user(context.getUser()).detail("dive_otp_step", step);
    }

    /** The realm's AES key: held by Keycloak, shared by every node through the database. */
    private static SecretKey enrollmentKey(AuthenticationFlowContext context) {
        KeyWrapper key = context.getSession().keys().getActiveKey(context.getRealm(), KeyUse.ENC, Algorithm.AES);
        if (key == null || key.getSecretKey() == null) {
            throw new IllegalStateException("realm " + context.getRealm().getName() + " has no active AES key");
        }
        return key.getSecretKey();
    }

    private static PendingSecretStore.Binding binding(AuthenticationFlowContext context) {
        var authSession = context.getAuthenticationSession();
        return new PendingSecretStore.Binding(context.getRealm().getId(), context.getUser().getId(),
                authSession.getParentSession().getId() + "." + authSession.getTabId());
    }
}
