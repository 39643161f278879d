package dev.portalkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.booking.Booking;
import dev.portalkit.billing.booking.BookingService;
import dev.portalkit.content.FormService;
import dev.portalkit.content.SubmissionQuery;
import dev.portalkit.core.PageRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A person's path through the HTML page in a real browser: sign up, log in, book a slot, send the
 * contact form. Uses Debian's {@code chromium} and {@code chromium-driver} (CI installs them with
 * {@code .ci/install-browser}); without them the test is skipped with the reason printed, so the
 * test command still passes on a bare machine, unless {@code PORTALKIT_REQUIRE_BROWSER=true} (CI),
 * which turns a missing browser into a failure.
 */
class BrowserIT {

    static final Path CHROMIUM = Path.of(System.getProperty("portalkit.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("portalkit.chromedriver", "/usr/bin/chromedriver"));

    static RunningApp app;
    static WebDriver driver;
    static ChromeDriverService service;
    static Path profile;
    static String skipReason;

    @BeforeEach
    void skipWithoutABrowser() {
        Assumptions.assumeTrue(skipReason == null, skipReason);
    }

    @BeforeAll
    static void start() throws IOException {
        String missing = !Files.isExecutable(CHROMIUM) ? CHROMIUM + " (apt-get install chromium)"
                : !Files.isExecutable(CHROMEDRIVER) ? CHROMEDRIVER + " (apt-get install chromium-driver)" : null;
        if (missing != null && "true".equals(System.getenv("PORTALKIT_REQUIRE_BROWSER"))) {
            throw new IllegalStateException("PORTALKIT_REQUIRE_BROWSER=true but there is no " + missing);
        }
        if (missing != null) {
            // Each test then reports itself skipped with this reason (see skipWithoutABrowser).
            skipReason = "BrowserIT skipped: no " + missing + "; .ci/install-browser installs both";
            System.out.println(skipReason);
            return;
        }
        app = new RunningApp(Clock.systemUTC(), Duration.ZERO, false);
        profile = Files.createTempDirectory("portalkit-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--window-size=1280,1600");
        service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
            if (service != null) {
                service.stop();
            }
        } finally {
            if (app != null) {
                app.close();
            }
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    WebDriverWait waiting() {
        return new WebDriverWait(driver, Duration.ofSeconds(15));
    }

    void type(String id, String text) {
        WebElement e = driver.findElement(By.id(id));
        e.clear();
        e.sendKeys(text);
    }

    void noticeSays(String text) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("notice"), text));
    }

    @Test
    void aPersonSignsUpLogsInAndBooksASlotThroughThePage() {
        String email = "page-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        driver.get(app.url().toString());
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#slots button.slot")));
        assertThat(driver.findElement(By.cssSelector("#slots button.slot")).isEnabled())
                .as("booking needs a signed-in user").isFalse();
        assertThat(driver.findElement(By.id("tiers")).getText()).contains("Basic", "9.00 EUR", "Pro");

        type("signup-email", email);
        type("signup-name", "Paula Page");
        type("signup-password", "a long browser password");
        driver.findElement(By.id("signup-submit")).click();
        noticeSays("Account created");

        assertThat(driver.findElement(By.id("login-email")).getAttribute("value")).isEqualTo(email);
        type("login-password", "a long browser password");
        driver.findElement(By.id("login-submit")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "Signed in as Paula Page"));
        // The session cookie is HttpOnly: the page's scripts cannot read it.
        assertThat(((JavascriptExecutor) driver).executeScript("return document.cookie")).isEqualTo("");

        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#slots button.slot")));
        WebElement slot = driver.findElement(By.cssSelector("#slots button.slot"));
        Instant start = Instant.parse(slot.getAttribute("data-start"));
        slot.click();
        noticeSays("Booked");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("bookings"), "Consultation"));

        User user = app.app.portal().service(UserService.class).findByEmail(email).orElseThrow();
        List<Booking> bookings = app.app.portal().service(BookingService.class)
                .forCustomer(user.id(), start.minusSeconds(1), start.plusSeconds(3600), PageRequest.first(10)).items();
        assertThat(bookings).singleElement().satisfies(b -> assertThat(b.startsAt()).isEqualTo(start));

        type("contact-name", "Paula Page");
        type("contact-email", email);
        type("contact-message", "Is parking available?");
        driver.findElement(By.id("contact-submit")).click();
        noticeSays("we received your message");
        assertThat(app.app.portal().service(FormService.class).list(SubmissionQuery.all(), PageRequest.first(10)).items())
                .singleElement().satisfies(s -> assertThat(s.userId()).isEqualTo(user.id()));
    }

    @Test
    void badInputOnThePageShowsTheFieldErrors() {
        driver.get(app.url().toString());
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tiers li")));
        type("signup-email", "short-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
        type("signup-name", "Sam");
        type("signup-password", "too short");
        driver.findElement(By.id("signup-submit")).click();
        noticeSays("password");
        assertThat(driver.findElement(By.id("notice")).getAttribute("class")).isEqualTo("error");
    }
}
