package io.dive.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's Chromium, headless, driven through its chromedriver (Selenium): the pages as a person's
 * browser renders them, scripts included. Each instance is a fresh browser profile (no cookies).
 * {@code ./dive test} installs both ({@code scripts/browser.sh}); {@code DIVE_CHROMIUM} and
 * {@code DIVE_CHROMEDRIVER} point elsewhere. Tests get one as a parameter ({@link PerTest}).
 */
record Chromium(Path profile, ChromeDriverService service, ChromeDriver driver) implements AutoCloseable {

    /** A fresh browser for each test that asks for one, closed when the test ends. */
    static final class PerTest implements ParameterResolver {
        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == Chromium.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            // The test's own store closes AutoCloseable values when the test ends.
            return context.getStore(ExtensionContext.Namespace.create(PerTest.class))
                    .getOrComputeIfAbsent(Chromium.class, key -> start(), Chromium.class);
        }
    }

    static final Duration WAIT = Duration.ofSeconds(30);

    /** Starts a browser; fails (never skips) when Chromium or chromedriver is not installed. */
    static Chromium start() {
        Path chromium = executable("DIVE_CHROMIUM", "/usr/bin/chromium");
        Path chromedriver = executable("DIVE_CHROMEDRIVER", "/usr/bin/chromedriver");
        try {
            Path profile = Files.createTempDirectory("dive-chromium-");
            ChromeDriverService service = new ChromeDriverService.Builder()
                    .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort()
                    .withLogFile(new File("target/chromedriver.log")).build();
            ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
            // Without these Chromium waits on the network for updates, sync and QUIC probes (closed here).
            options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1280,1024", "--lang=en-US",
                    "--user-data-dir=" + profile);
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(WAIT);
            return new Chromium(profile, service, driver);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path executable(String variable, String defaultPath) {
        Path path = Path.of(System.getenv().getOrDefault(variable, defaultPath));
        if (!Files.isExecutable(path)) {
            throw new AssertionError("the browser tests need Debian's Chromium and chromedriver, but " + path
                    + " is missing: run ./dive tools (installs the packages chromium and chromium-driver),"
                    + " or apt-get install chromium chromium-driver, or set " + variable);
        }
        return path;
    }

    void open(String url) {
        driver.get(url);
    }

    /** The first element matching {@code locator} once it is displayed. */
    WebElement await(By locator) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    /** Waits until the address bar shows a URL containing {@code fragment}. */
    String awaitUrlContaining(String fragment) {
        new WebDriverWait(driver, WAIT).until(ExpectedConditions.urlContains(fragment));
        return driver.getCurrentUrl();
    }

    /** What the page shows as text. */
    String text() {
        return driver.findElement(By.tagName("body")).getText();
    }

    /** Fills a Keycloak login form (the broker's or a nation's) and submits it. */
    void logIn(String username, String password) {
        await(By.id("username")).sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            } catch (IOException e) {
                // A profile left in /tmp is harmless.
            }
        }
    }
}
