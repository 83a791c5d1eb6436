package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 11 (Low): the master realm, whose admin logs in with a password, locks an account after
 * repeated failures. Tried on a throw-away master user, so that the admin the other tests use is
 * never locked.
 */
@ExtendWith(DiveStackExtension.class)
class MasterRealmBruteForceIT {

    private static final String PASSWORD = "a-correct-password-" + UUID.randomUUID();

    @Test
    void theMasterRealmLocksAnAccountAfterRepeatedFailures(DiveStack stack, KeycloakClient keycloak) {
        assertThat(keycloak.admin("/realms/master").json().path("bruteForceProtected").asBoolean()).isTrue();

        String username = "brute-force-" + UUID.randomUUID();
        String users = stack.keycloakUrl() + "/admin/realms/master/users";
        KeycloakClient.Response created = keycloak.send("POST", users, keycloak.adminToken(), "{\"username\":\"" + username
                + "\",\"enabled\":true,\"credentials\":[{\"type\":\"password\",\"value\":\"" + PASSWORD
                + "\",\"temporary\":false}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String userId = keycloak.userId("master", username);
        try {
            assertThat(login(keycloak, username, PASSWORD).status()).as("the password works").isEqualTo(200);
            // 401 for a wrong password; 400 once the account is locked (two failures within a second do that).
            for (int attempt = 0; attempt < 5; attempt++) {
                assertThat(login(keycloak, username, "guess-" + attempt).status()).isIn(400, 401);
            }
            KeycloakClient.Response locked = login(keycloak, username, PASSWORD);
            assertThat(locked.status()).as("locked: even the right password is refused").isIn(400, 401);
            assertThat(locked.json().path("error").asText()).isEqualTo("invalid_grant");
            assertThat(locked.json().has("access_token")).isFalse();
            assertThat(keycloak.admin("/realms/master/attack-detection/brute-force/users/" + userId).json()
                    .path("disabled").asBoolean()).isTrue();
        } finally {
            keycloak.send("DELETE", users + "/" + userId, keycloak.adminToken(), null);
        }
    }

    private static KeycloakClient.Response login(KeycloakClient keycloak, String username, String password) {
        return keycloak.token("master", "admin-cli", null, Map.of("grant_type", "password", "username", username,
                "password", password));
    }
}
