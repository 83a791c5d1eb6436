package io.dive.it;

import static io.dive.it.BrowserLoginIT.BROKER;
import static io.dive.it.BrowserLoginIT.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.InvalidElementStateException;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The broker's account console in a real browser (Chromium), where the README sends a newcomer: it
 * loads for a local and for a brokered user, shows the coalition attributes read-only, and neither
 * the console nor the account REST API behind it lets the user change them.
 */
@ExtendWith({DiveStackExtension.class, Chromium.PerTest.class})
class AccountConsoleIT {

    /** The single-valued coalition attributes (acpCOI is a list, shown as several fields). */
    private static final List<String> COALITION_ATTRIBUTES = List.of("uniqueID", "clearance", "clearanceCountry",
            "countryOfAffiliation", "organizationType");

    /** The account console's error page (its REST calls refused: a token without the account roles). */
    private static final String SOMETHING_WENT_WRONG = "Something went wrong";

    private static String accountConsole(DiveStack stack) {
        return stack.keycloakUrl() + "/realms/" + BROKER + "/account/";
    }

    @Test
    void theLocalDemoUserSeesTheCoalitionAttributesReadOnly(DiveStack stack, KeycloakClient keycloak, Chromium browser) {
        browser.open(accountConsole(stack));
        browser.logIn("dive-demo", PASSWORD);
        coalitionAttributesAreShownAndCannotBeChanged("dive-demo", stack, keycloak, browser);
    }

    @Test
    void aBrokeredUserSeesTheAttributesTheirNationSent(DiveStack stack, KeycloakClient keycloak, Chromium browser) {
        browser.open(accountConsole(stack));
        browser.await(By.id("social-gbr")).click();
        browser.logIn("gbr-restricted", PASSWORD);
        coalitionAttributesAreShownAndCannotBeChanged("gbr-restricted", stack, keycloak, browser);
    }

    private static JsonNode storedAttributes(KeycloakClient keycloak, String username) {
        return keycloak.admin("/realms/" + BROKER + "/users/" + keycloak.userId(BROKER, username)).json().path("attributes");
    }

    private static void coalitionAttributesAreShownAndCannotBeChanged(String username, DiveStack stack,
            KeycloakClient keycloak, Chromium browser) {
        // The console's page once its REST calls answered, or its error page when they did not.
        new WebDriverWait(browser.driver(), Chromium.WAIT).until(ExpectedConditions.or(
                ExpectedConditions.visibilityOfElementLocated(By.id("clearance")),
                ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), SOMETHING_WENT_WRONG)));
        assertThat(browser.text()).doesNotContain(SOMETHING_WENT_WRONG).contains("Personal info", "Coalition attributes");
        WebElement clearance = browser.await(By.id("clearance"));
        JsonNode stored = storedAttributes(keycloak, username);
        assertThat(stored.path("clearance").path(0).asText()).as("%s has a clearance", username).isNotBlank();
        for (String attribute : COALITION_ATTRIBUTES) {
            WebElement field = browser.driver().findElement(By.id(attribute));
            assertThat(field.getDomProperty("value")).as(attribute).isEqualTo(stored.path(attribute).path(0).asText());
            // The console shows an attribute the user may not edit as a disabled field.
            assertThat(field.isEnabled()).as("%s is read-only", attribute).isFalse();
        }
        // acpCOI is a list: one field per community of interest.
        List<String> storedCois = new ArrayList<>();
        stored.path("acpCOI").forEach(coi -> storedCois.add(coi.asText()));
        List<WebElement> cois = browser.driver().findElements(
                By.cssSelector("input[data-testid*=acpCOI], [data-testid*=acpCOI] input"));
        assertThat(cois.stream().map(field -> field.getDomProperty("value")).toList()).as("acpCOI")
                .isNotEmpty().containsExactlyElementsOf(storedCois);
        assertThat(cois).noneMatch(WebElement::isEnabled);

        // In the console: typing into the field changes nothing, and saving keeps the stored value.
        String shown = clearance.getDomProperty("value");
        try {
            clearance.sendKeys(Keys.END, " RAISED");
        } catch (InvalidElementStateException refused) {
            // Also a refusal: the browser does not let a disabled field be typed into.
        }
        assertThat(clearance.getDomProperty("value")).isEqualTo(shown);
        browser.driver().findElement(By.cssSelector("[data-testid=save]")).click();
        assertThat(browser.await(By.cssSelector("[data-testid=last-alert]")).getText()).contains("updated");
        assertThat(storedAttributes(keycloak, username)).isEqualTo(stored);

        // Behind the console, the account REST API with the user's own token refuses the change too.
        BrowserSession client = new BrowserSession(stack);
        browser.open(client.authorizeUrl(BROKER, "dive-demo", Map.of()));
        String token = client.tokens(BROKER, "dive-demo", client.reached(browser.awaitUrlContaining("/dive-it-callback")))
                .path("access_token").asText();
        KeycloakClient.Response account = keycloak.withToken(accountConsole(stack) + "?userProfileMetadata=true", token, null);
        assertThat(account.status()).as(account.body()).isEqualTo(200);
        for (JsonNode attribute : account.json().path("userProfileMetadata").path("attributes")) {
            if (COALITION_ATTRIBUTES.contains(attribute.path("name").asText())) {
                assertThat(attribute.path("readOnly").asBoolean()).as(attribute.path("name").asText()).isTrue();
            }
        }
        ObjectNode raised = account.json().deepCopy();
        raised.remove("userProfileMetadata");
        ((ObjectNode) raised.path("attributes")).putArray("clearance").add("COSMIC TOP SECRET");
        KeycloakClient.Response refused = keycloak.withToken(accountConsole(stack), token, raised);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        assertThat(refused.body()).contains("clearance");
        assertThat(storedAttributes(keycloak, username)).isEqualTo(stored);
    }
}
