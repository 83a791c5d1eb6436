package io.dive.realms;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dive.authenticators.clearance.ClearanceAtLeastConfig;
import io.dive.authenticators.otp.OtpConfig;
import io.dive.model.CoalitionAttributes;
import io.dive.model.Countries;
import io.dive.model.IdpTrust;
import io.dive.model.KasRealmAttributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The Terraform example's input (issue 14): the demo's nations, users and settings, emitted from the
 * same {@link Nation#demo()}, {@link DemoUsers} and broker realm the realm files are made of, so that
 * the demo is written once. The output is {@code terraform/examples/local-demo/demo.auto.tfvars.json}
 * (committed, so that a realm administrator needs no Java; {@code TerraformDemoTest} fails when it
 * differs from what this class emits) and the ISO 3166-1 alpha-3 list the modules validate against.
 *
 * <p>To write them after changing the demo: {@code mvn -pl realm-config -am test -Dtest=TerraformDemoTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Ddive.terraform.write=true}.
 */
final class TerraformDemo {

    static final Path TFVARS = Path.of("examples/local-demo/demo.auto.tfvars.json");
    static final Path COUNTRIES = Path.of("modules/iso-3166-alpha3.json");

    /** Terraform's spelling (snake_case) for the variables and their fields; map keys stay as they are. */
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /** The example's variables: what each one holds is documented in its {@code variables.tf}. */
    record Vars(Map<String, NationVars> nations, OtpVars otp, KasVars kas, List<String> demoClientRedirectUris,
            String demoPassword, List<UserVars> demoUsers) {
    }

    record NationVars(String country, String displayName, String protocol, TrustVars trust) {
    }

    record TrustVars(List<String> countries, List<String> cois, List<String> organizationTypes) {
    }

    record OtpVars(String minimumClearance, int maxAttempts, String enrollmentGate) {
    }

    record KasVars(boolean enabled) {
    }

    /** {@code realm}: a nation's alias, or {@code broker}; {@code uniqueID} is derived by the module. */
    record UserVars(String realm, String username, String firstName, String lastName, String email,
            Map<String, List<String>> attributes, List<String> realmManagementRoles) {
    }

    private TerraformDemo() {
    }

    /** Writes the files under {@code terraform}, the project's terraform/ folder. */
    static void write(Path terraform) throws IOException {
        for (Map.Entry<Path, String> file : files().entrySet()) {
            Path target = terraform.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue(), StandardCharsets.UTF_8);
        }
    }

    /** Path under {@code terraform/} → content, as written. */
    static Map<Path, String> files() throws IOException {
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(TFVARS, JSON.writeValueAsString(vars(Nation.demo())) + "\n");
        files.put(COUNTRIES, JSON.writeValueAsString(new TreeSet<>(Countries.all())) + "\n");
        return files;
    }

    static Vars vars(List<Nation> nations) {
        RealmRepresentation broker = BrokerRealm.of(nations);
        Map<String, NationVars> byAlias = new LinkedHashMap<>();
        List<UserVars> users = new ArrayList<>();
        DemoUsers.brokerUsers().forEach(user -> users.add(user(BROKER, user)));
        for (Nation nation : nations) {
            IdpTrust trust = nation.trust();
            byAlias.put(nation.alias(), new NationVars(nation.country(), nation.displayName(), nation.protocol(),
                    new TrustVars(sorted(trust.countries()), sorted(trust.cois()),
                            sorted(trust.organizationTypes()))));
            DemoUsers.nationalUsers(nation).forEach(user -> users.add(user(nation.alias(), user)));
        }
        Map<String, String> clearance = authenticatorConfig(broker, BrokerFlows.CLEARANCE_CONFIG);
        Map<String, String> otp = authenticatorConfig(broker, BrokerFlows.OTP_SETTINGS);
        ClientRepresentation demoClient = broker.getClients().stream()
                .filter(c -> c.getClientId().equals(KasRealmAttributes.DemoClients.APPLICATION)).findFirst().orElseThrow();
        return new Vars(byAlias,
                new OtpVars(clearance.get(ClearanceAtLeastConfig.MINIMUM_CLEARANCE),
                        Integer.parseInt(otp.get(OtpConfig.MAX_ATTEMPTS)), otp.get(OtpConfig.ENROLLMENT_GATE)),
                new KasVars(Boolean.parseBoolean(broker.getAttributes().get(KasRealmAttributes.ENABLED))),
                demoClient.getRedirectUris(), CoalitionRealms.DEMO_PASSWORD, users);
    }

    /** The realm of the broker's local users in {@link UserVars#realm()}. */
    static final String BROKER = "broker";

    private static UserVars user(String realm, DemoUsers.DemoUser user) {
        Map<String, List<String>> attributes = new LinkedHashMap<>(user.attributes());
        attributes.remove(CoalitionAttributes.UNIQUE_ID);
        return new UserVars(realm, user.username(), user.firstName(), user.lastName(), user.email(), attributes,
                user.realmManagementRoles());
    }

    private static Map<String, String> authenticatorConfig(RealmRepresentation realm, String alias) {
        return realm.getAuthenticatorConfig().stream().filter(c -> c.getAlias().equals(alias))
                .map(AuthenticatorConfigRepresentation::getConfig).findFirst().orElseThrow();
    }

    private static List<String> sorted(java.util.Set<String> values) {
        return List.copyOf(new TreeSet<>(values));
    }
}
