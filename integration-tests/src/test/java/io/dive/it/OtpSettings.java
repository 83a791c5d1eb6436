package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The broker's OTP settings (the shared authenticator config {@code dive-otp-settings}), as tests change them. */
final class OtpSettings {

    private static final String BROKER = "dive-broker";

    private OtpSettings() {
    }

    /** Sets the enrollment gate ({@code open}, {@code activation-code}); null removes it: the product default. */
    static void enrollmentGate(KeycloakClient keycloak, String value) {
        String flow = URLEncoder.encode("dive post-broker OTP", StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode executions = keycloak.admin("/realms/" + BROKER + "/authentication/flows/" + flow + "/executions").json();
        for (JsonNode execution : executions) {
            if ("dive-otp-form".equals(execution.path("providerId").asText())) {
                String configId = execution.path("authenticationConfig").asText();
                ObjectNode config = (ObjectNode) keycloak.admin("/realms/" + BROKER + "/authentication/config/" + configId).json();
                ObjectNode values = (ObjectNode) config.path("config");
                if (value == null) {
                    values.remove("enrollmentGate");
                } else {
                    values.put("enrollmentGate", value);
                }
                assertThat(keycloak.adminPut("/realms/" + BROKER + "/authentication/config/" + configId, config).status())
                        .isEqualTo(204);
                return;
            }
        }
        throw new AssertionError("no dive-otp-form execution in " + executions);
    }
}
