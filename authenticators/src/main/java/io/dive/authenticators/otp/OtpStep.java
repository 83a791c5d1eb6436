package io.dive.authenticators.otp;

import io.dive.audit.Authentication;

/** The OTP steps DIVE records ({@code authentications.step}), each a success or a failure. */
public enum OtpStep {
    ENROLLMENT_STARTED(true),
    ENROLLMENT_FINISHED(true),
    ENROLLMENT_EXPIRED(false),
    /** Too many wrong codes (the pending secret discarded) or the enrollment store unreachable. */
    ENROLLMENT_FAILED(false),
    CODE_ACCEPTED(true),
    CODE_REFUSED(false),
    CODE_REPLAYED(false),
    ACTIVATION_CODE_ISSUED(true),
    ACTIVATION_CODE_USED(true),
    ACTIVATION_CODE_REFUSED(false),
    /** The password grant of a user who must enroll in a browser first ({@code mfa_enrollment_required}). */
    MFA_ENROLLMENT_REQUIRED(false);

    private final boolean success;

    OtpStep(boolean success) {
        this.success = success;
    }

    String outcome() {
        return success ? Authentication.SUCCESS : Authentication.FAILURE;
    }
}
