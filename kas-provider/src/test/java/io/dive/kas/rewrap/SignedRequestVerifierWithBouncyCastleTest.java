package io.dive.kas.rewrap;

import org.junit.jupiter.api.extension.ExtendWith;

/** Every test of {@link SignedRequestVerifierTest} again, with BouncyCastle registered as in Keycloak. */
@ExtendWith(BouncyCastleRegistered.class)
class SignedRequestVerifierWithBouncyCastleTest extends SignedRequestVerifierTest {
}
