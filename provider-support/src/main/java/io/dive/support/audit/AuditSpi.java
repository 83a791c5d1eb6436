package io.dive.support.audit;

import io.dive.support.ExtensionSpi;

/**
 * The DIVE audit SPI ({@code dive-audit}): the process's one {@link io.dive.audit.AuditTrail}, which
 * the KAS's key releases, the OTP authenticators' steps and OPA's decision log write through, and
 * the auditor API reads.
 */
public final class AuditSpi extends ExtensionSpi {

    public static final String NAME = "dive-audit";

    public AuditSpi() {
        super(NAME, AuditProvider.class, AuditProviderFactory.class);
    }
}
