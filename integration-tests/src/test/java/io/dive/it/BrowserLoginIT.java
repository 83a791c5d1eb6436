package io.dive.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The broker's login pages in a real browser (Chromium): the national IdP buttons, and a brokered
 * first login that enrolls OTP from the QR page. Users here are used by no other test class.
 */
@ExtendWith({DiveStackExtension.class, Chromium.PerTest.class})
class BrowserLoginIT {

    static final String BROKER = "dive-broker";
    static final String PASSWORD = "dive-demo-password";

    /** The demo's national identity providers and the names their buttons show (realm-config's Nation.demo()). */
    private static final Map<String, String> NATIONS = new LinkedHashMap<>();

    static {
        NATIONS.put("usa", "United States");
        NATIONS.put("gbr", "United Kingdom");
        NATIONS.put("can", "Canada");
        NATIONS.put("fra", "France");
        NATIONS.put("deu", "Deutschland");
        NATIONS.put("ita", "Italia");
        NATIONS.put("esp", "España");
        NATIONS.put("pol", "Polska");
        NATIONS.put("nld", "Nederland");
        NATIONS.put("industry", "Cleared industry");
    }

    @Test
    void theBrokerLoginPageShowsAButtonForEveryNationalIdentityProvider(DiveStack stack, Chromium browser) {
        browser.open(new BrowserSession(stack).authorizeUrl(BROKER, "dive-demo", Map.of()));
        browser.await(By.id("kc-form-login"));
        NATIONS.forEach((alias, name) -> {
            WebElement button = browser.await(By.id("social-" + alias));
            assertThat(button.getText()).as(alias).isEqualTo(name);
            assertThat(button.getSize().getWidth()).as(alias).isPositive();
            assertThat(button.getDomAttribute("href")).as(alias).contains("/broker/" + alias + "/login");
        });
        assertThat(browser.driver().findElements(By.cssSelector("a[id^=social-]"))).hasSize(NATIONS.size());
    }

    @Test
    void aBrokeredConfidentialUserEnrollsOtpFromTheQrCodePage(DiveStack stack, Chromium browser) {
        String username = "gbr-confidential";
        BrowserSession client = new BrowserSession(stack);
        browser.open(client.authorizeUrl(BROKER, "dive-demo", Map.of()));
        browser.await(By.id("social-gbr")).click();
        browser.logIn(username, PASSWORD);

        // The broker's post-login flow asks a CONFIDENTIAL user to enroll: the QR code is decoded and drawn.
        WebElement qr = browser.await(By.id("dive-otp-qr"));
        Number decodedWidth = (Number) browser.driver().executeScript(
                "return arguments[0].complete ? arguments[0].naturalWidth : 0;", qr);
        assertThat(decodedWidth.intValue()).as("the QR image decodes").isPositive();
        assertThat(qr.getSize().getWidth()).as("the QR image is shown").isPositive();
        assertThat(qr.getSize().getHeight()).isPositive();
        String manualKey = browser.await(By.id("dive-otp-manual-key")).getText();
        assertThat(manualKey.replace(" ", "")).as("the manual key").matches("[A-Z2-7]{16,}");

        // Typed and sent with Enter, as people do with one-time codes.
        browser.driver().findElement(By.name("otp")).sendKeys(BrowserSession.freshCode(username, manualKey), Keys.ENTER);
        JsonNode tokens = client.tokens(BROKER, "dive-demo", client.reached(browser.awaitUrlContaining("/dive-it-callback")));
        JsonNode claims = KeycloakClient.claims(tokens.path("access_token").asText());
        assertThat(claims.path("uniqueID").asText()).isEqualTo(username + "@dive-gbr");
        assertThat(claims.path("clearance").asText()).isEqualTo("CONFIDENTIAL");
        assertThat(claims.path("acr").asText()).isEqualTo("2");
        assertThat(claims.path("amr").toString()).isEqualTo("[\"pwd\",\"otp\"]");
    }
}
