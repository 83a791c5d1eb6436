package io.dive.support.audit;

import io.dive.audit.AuditTrail;
import org.keycloak.provider.ProviderFactory;

/** Factory type of the {@code dive-audit} SPI. */
public interface AuditProviderFactory extends ProviderFactory<AuditProvider> {

    /** The process's trail (for event subscribers wired in another factory's postInit). */
    AuditTrail trail();
}
