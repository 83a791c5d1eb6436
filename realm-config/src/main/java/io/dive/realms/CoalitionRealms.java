package io.dive.realms;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.keycloak.representations.idm.AbstractAuthenticationExecutionRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Generates the realm files of the local demo: the broker realm ({@link BrokerRealm}) and one realm
 * per simulated national identity provider ({@link NationalRealm}), brokered into it. Generated (at
 * build time, from {@link Nation#demo()} and the national-markings reference) rather than
 * hand-written, so that eleven realms stay consistent and every demo user's marking provably
 * resolves to the level the user is named for. The realms are Keycloak's own representation types,
 * written as Keycloak's import reads them.
 *
 * <p>URLs use the {@code ${DIVE_KEYCLOAK_URL}} and {@code ${DIVE_KAS_URL}} placeholders, which
 * Keycloak resolves from the environment at import ({@code ./dive} sets them), so one set of files
 * serves every port.
 */
public final class CoalitionRealms {

    public static final String BROKER_REALM = "dive-broker";
    public static final String URL = "${DIVE_KEYCLOAK_URL}";
    /** The broker realm's KAS origin (the reverse proxy's port for it), {@code ${DIVE_KAS_URL}} likewise. */
    public static final String KAS_URL = "${DIVE_KAS_URL}";
    /** Local demo only; documented in the README. */
    public static final String DEMO_PASSWORD = "dive-demo-password";

    /** As Keycloak exports: a field left out is Keycloak's default on import. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .addMixIn(AbstractAuthenticationExecutionRepresentation.class, WithoutMisspelledFlowFlag.class);

    /** The misspelled duplicate of {@code authenticatorFlow} that Keycloak keeps for old files; import ignores it. */
    @JsonIgnoreProperties("autheticatorFlow")
    private interface WithoutMisspelledFlowFlag {
    }

    private CoalitionRealms() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CoalitionRealms <output directory>");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out);
        List<Nation> nations = Nation.demo();
        write(out, BrokerRealm.of(nations));
        for (Nation nation : nations) {
            write(out, NationalRealm.of(nation));
        }
        System.out.println("wrote " + (nations.size() + 1) + " realm files to " + out);
    }

    private static void write(Path directory, RealmRepresentation realm) throws IOException {
        JSON.writer(SerializationFeature.INDENT_OUTPUT)
                .writeValue(directory.resolve(realm.getRealm() + "-realm.json").toFile(), realm);
    }

    /** One line of JSON, for the settings Keycloak keeps as a JSON string (the user profile). */
    static String compactJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
