package io.dive.authenticators.otp;

import io.dive.authenticators.otp.store.OtpStores;
import io.dive.redis.RedisProvider;
import io.dive.redis.ReplayCheck;
import java.time.Duration;
import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserCredentialModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.OTPCredentialModel;

/** What the browser and the password-grant authenticators share about one-time codes. */
final class OtpCodes {

    /** Password + OTP: the level the clearance-conditional flows require (acr "2"). */
    static final int LEVEL_OF_AUTHENTICATION = 2;

    private static final Logger LOG = Logger.getLogger(OtpCodes.class);

    private OtpCodes() {
    }

    static boolean enrolled(UserModel user) {
        return user.credentialManager().isConfiguredFor(OTPCredentialModel.TYPE);
    }

    /** True when {@code code} is valid for one of the user's OTP credentials (realm policy, Keycloak's checks). */
    static boolean validForCredential(UserModel user, String code) {
        return !code.isEmpty() && user.credentialManager().getStoredCredentialsByTypeStream(OTPCredentialModel.TYPE)
                .anyMatch(credential -> user.credentialManager().isValid(
                        new UserCredentialModel(credential.getId(), OTPCredentialModel.TYPE, code)));
    }

    /** What the cluster-wide replay check said about a code. */
    enum Claim {
        /** Claimed now: the code was not used before. */
        FIRST,
        /** Claimed before: a replay. */
        ALREADY_USED,
        /** Redis could not be asked and {@code replayCheck=best-effort}: Keycloak's own reuse check remains. */
        SKIPPED,
        /** Redis could not be asked and {@code replayCheck=required}: the code is refused. */
        CANNOT_CHECK
    }

    /** Claims the code for the user across every node; Redis unavailable: the dive-redis replayCheck setting decides. */
    static Claim claim(AuthenticationFlowContext context, String code) {
        try {
            return stores(context.getSession()).usedCodes().claim(context.getRealm().getId(),
                    context.getUser().getId(), code, codeValidity(context.getRealm())) ? Claim.FIRST : Claim.ALREADY_USED;
        } catch (RuntimeException e) {
            LOG.warnf("DIVE OTP: Redis unavailable for the replay check of user %s in realm %s: %s",
                    context.getUser().getUsername(), context.getRealm().getName(), e.toString());
            RedisProvider provider = context.getSession().getProvider(RedisProvider.class);
            ReplayCheck.Outcome outcome = provider == null ? ReplayCheck.Outcome.SKIPPED : provider.replayCheckUnavailable("otp");
            return outcome == ReplayCheck.Outcome.REFUSED ? Claim.CANNOT_CHECK : Claim.SKIPPED;
        }
    }

    /** A code stays claimed for as long as the ±1 step window could accept it. */
    static Duration codeValidity(RealmModel realm) {
        return Duration.ofSeconds(3L * Math.max(1, realm.getOTPPolicy().getPeriod()));
    }

    /** The OTP stores over the dive-redis connection; throws when Redis cannot be used. */
    static OtpStores stores(KeycloakSession session) {
        RedisProvider provider = session.getProvider(RedisProvider.class);
        if (provider == null) {
            throw new IllegalStateException("the dive-redis provider is not available");
        }
        return OtpStores.of(provider);
    }

    /** Records password + OTP (acr "2") and ends the step successfully. */
    static void succeed(AuthenticationFlowContext context) {
        new AcrStore(context.getSession(), context.getAuthenticationSession()).setLevelAuthenticated(LEVEL_OF_AUTHENTICATION);
        OtpEvents.emit(context, OtpStep.CODE_ACCEPTED);
        context.success();
    }
}
