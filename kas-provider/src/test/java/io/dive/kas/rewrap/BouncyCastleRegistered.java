package io.dive.kas.rewrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.ztdf.FastEc;
import java.security.Security;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Registers BouncyCastle for a test class as Keycloak does, so that {@link FastEc} computes the EC paths. */
final class BouncyCastleRegistered implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        Security.addProvider(new BouncyCastleProvider());
        assertThat(FastEc.provider()).isNotNull();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Security.removeProvider("BC");
    }
}
