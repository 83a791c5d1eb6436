package io.dive.kas.rewrap;

import org.junit.jupiter.api.extension.ExtendWith;

/** Every test of {@link RewrapperTest} again, with BouncyCastle registered as in Keycloak. */
@ExtendWith(BouncyCastleRegistered.class)
class RewrapperWithBouncyCastleTest extends RewrapperTest {
}
