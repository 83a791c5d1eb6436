package io.dive.realms;

import static org.assertj.core.api.Assertions.assertThat;

import io.dive.authenticators.clearance.ClearanceAtLeastConfig;
import io.dive.authenticators.otp.OtpConfig;
import io.dive.model.IdpTrust;
import io.dive.model.KasRealmAttributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keycloak.models.Constants;
import org.keycloak.representations.idm.AuthenticationExecutionExportRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * The Terraform example is fed from the same demo as the realm files (one source), and the Terraform
 * modules name the same providers and config keys as the realm files do.
 */
class TerraformDemoTest {

    private static final Path TERRAFORM = Path.of("../terraform");

    private static String modules() throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> files = Files.walk(TERRAFORM.resolve("modules"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
                text.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return text.toString();
    }

    /** The quoted values of {@code field = "..."} (also inside HCL objects) in the modules. */
    private static Set<String> values(String text, String field) {
        Set<String> values = new TreeSet<>();
        Matcher matcher = Pattern.compile("\\b" + field + "\\s*=\\s*\"([^\"$]+)\"").matcher(text);
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values;
    }

    @Test
    void theCommittedExampleInputIsWhatTheGeneratorEmits() throws IOException {
        if (Boolean.getBoolean("dive.terraform.write")) {
            TerraformDemo.write(TERRAFORM);
        }
        for (Map.Entry<Path, String> file : TerraformDemo.files().entrySet()) {
            assertThat(TERRAFORM.resolve(file.getKey())).as("terraform/%s is generated: rerun with -Ddive.terraform.write=true"
                    + " (see TerraformDemo)", file.getKey()).exists();
            assertThat(Files.readString(TERRAFORM.resolve(file.getKey()), StandardCharsets.UTF_8))
                    .as("terraform/%s is generated from realm-config: rerun with -Ddive.terraform.write=true", file.getKey())
                    .isEqualTo(file.getValue());
        }
    }

    @Test
    void theExampleHasEveryNationAndEveryUserOfTheRealmFiles() {
        TerraformDemo.Vars vars = TerraformDemo.vars(Nation.demo());
        assertThat(vars.nations().keySet()).containsExactlyElementsOf(Nation.demo().stream().map(Nation::alias).toList());
        assertThat(vars.nations().get("fra").protocol()).isEqualTo("saml");
        // Service accounts belong to their clients (the OpenTDF DPoP client is not in the Terraform modules yet).
        long realmFileUsers = BrokerRealm.of(Nation.demo()).getUsers().stream().filter(u -> u.getServiceAccountClientId() == null).count()
                + Nation.demo().stream().mapToLong(nation -> NationalRealm.of(nation).getUsers().size()).sum();
        assertThat(vars.demoUsers()).hasSize((int) realmFileUsers);
        TerraformDemo.UserVars fraSecret = vars.demoUsers().stream().filter(u -> u.username().equals("fra-secret"))
                .findFirst().orElseThrow();
        assertThat(fraSecret.attributes().get("clearance")).containsExactly("SECRET DEFENSE");
        assertThat(fraSecret.realm()).isEqualTo("fra");
        assertThat(vars.otp().enrollmentGate()).isEqualTo(OtpConfig.Gate.OPEN.value());
        assertThat(vars.otp().minimumClearance()).isEqualTo("CONFIDENTIAL");
        assertThat(vars.kas().enabled()).isTrue();
    }

    @Test
    void theModulesNameTheAuthenticatorsAndMappersOfTheRealmFiles() throws IOException {
        RealmRepresentation broker = BrokerRealm.of(Nation.demo());
        Set<String> authenticators = new TreeSet<>();
        broker.getAuthenticationFlows().forEach(flow -> flow.getAuthenticationExecutions().stream()
                .map(AuthenticationExecutionExportRepresentation::getAuthenticator).filter(Objects::nonNull)
                .forEach(authenticators::add));
        String modules = modules();
        assertThat(values(modules, "authenticator")).isEqualTo(authenticators);

        Set<String> mappers = new TreeSet<>();
        broker.getClients().forEach(client -> Stream.ofNullable(client.getProtocolMappers()).flatMap(List::stream)
                .map(ProtocolMapperRepresentation::getProtocolMapper).forEach(mappers::add));
        Nation.demo().forEach(nation -> NationalRealm.of(nation).getClients().forEach(client -> client.getProtocolMappers()
                .forEach(mapper -> mappers.add(mapper.getProtocolMapper()))));
        assertThat(values(modules, "mapper")).as("the DIVE claim mappers").containsAll(
                mappers.stream().filter(id -> id.startsWith("dive-")).toList());
        Set<String> named = new TreeSet<>(values(modules, "mapper"));
        named.addAll(values(modules, "protocol_mapper"));
        named.addAll(modules.lines().filter(line -> line.contains("=> \"saml-user-")).map(line ->
                line.replaceAll(".*=> \"([^\"]+)\".*", "$1")).toList());
        assertThat(named).as("every protocol mapper of the realm files").containsAll(mappers);
        broker.getIdentityProviderMappers().forEach(mapper -> assertThat(modules).contains(
                "\"" + mapper.getIdentityProviderMapper() + "\""));
    }

    @Test
    void theModulesSpellTheConfigKeysAndRealmAttributesAsTheProvidersDo() throws IOException {
        String modules = modules();
        for (String key : List.of(ClearanceAtLeastConfig.MINIMUM_CLEARANCE, OtpConfig.MAX_ATTEMPTS, OtpConfig.ENROLLMENT_GATE,
                IdpTrust.COUNTRIES, IdpTrust.COIS, IdpTrust.ORGANIZATION_TYPES, KasRealmAttributes.ENABLED,
                KasRealmAttributes.KEY_PROVIDER, KasRealmAttributes.TRUSTED_ISSUERS, KasRealmAttributes.AUDIENCE,
                KasRealmAttributes.PUBLIC_URL, KasRealmAttributes.KEY_SET, Constants.ACR_LOA_MAP)) {
            assertThat(modules).as(key).contains("\"" + key + "\"");
        }
        for (String attribute : UserProfile.coalitionAttributes()) {
            assertThat(modules).as(attribute).contains("name = \"" + attribute + "\"");
        }
        assertThat(modules).contains("\"" + UserProfile.COALITION_GROUP + "\"");
    }
}
