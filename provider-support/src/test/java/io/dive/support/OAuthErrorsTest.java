package io.dive.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class OAuthErrorsTest {

    @Test
    void theBodyHasTheOAuthShape() {
        assertThat(OAuthErrors.body("invalid_grant", "Invalid user credentials"))
                .isEqualTo(Map.of("error", "invalid_grant", "error_description", "Invalid user credentials"));
    }
}
