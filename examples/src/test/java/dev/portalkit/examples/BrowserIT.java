package dev.portalkit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.portalkit.auth.AuthService;
import dev.portalkit.auth.NewUser;
import dev.portalkit.auth.User;
import dev.portalkit.auth.UserService;
import dev.portalkit.billing.booking.NewBooking;
import dev.portalkit.billing.booking.Slot;
import dev.portalkit.core.CallContext;
import dev.portalkit.messaging.OutgoingEmail;
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

    /**
     * Issue #21's account pages: turn on two-factor sign-in with a code computed from the secret the
     * page shows, sign in again with the password and a recovery code, sign out another device, change
     * the e-mail address through the link mailed to the new one, download a booking's calendar file and
     * the data export.
     */
    @Test
    void aPersonTurnsOnTwoFactorSignsInWithARecoveryCodeRevokesADeviceChangesTheirEmailAndDownloadsTheirData() {
        String email = "secure-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String newEmail = "moved-" + email;
        String password = "a long browser password";
        var portal = app.app.portal();
        User user = portal.service(UserService.class).register(NewUser.member(email, password, "Sami Secure"),
                CallContext.system("browser-test"));
        String otherDevice = portal.service(AuthService.class).login(email, password, false,
                CallContext.anonymous("198.51.100.23", "Other laptop")).token();
        var bookings = portal.service(dev.portalkit.billing.booking.BookingService.class);
        User provider = portal.service(UserService.class).findByEmail(Seed.PROVIDER_EMAIL).orElseThrow();
        Instant now = Instant.now();
        Slot slot = bookings.freeSlots(provider.id(), now.plus(Duration.ofDays(1)), now.plus(Duration.ofDays(8)), null).get(0);
        var booking = bookings.book(NewBooking.of(user.id(), provider.id(), slot.start(), slot.end(), "UTC", "Check-up"),
                CallContext.of(user.id(), null, null));

        driver.get(app.url().toString());
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tiers li")));
        type("login-email", email);
        type("login-password", password);
        driver.findElement(By.id("login-submit")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "Signed in as Sami Secure"));

        // Another device: listed, and signed out from here.
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("sessions"), "Other laptop"));
        driver.findElement(By.cssSelector("#sessions button.revoke")).click();
        noticeSays("That session is signed out");
        assertThat(portal.service(AuthService.class).authenticate(otherDevice)).as("the revoked device's session").isEmpty();

        // Two-factor sign-in: the secret the page shows, a code computed from it, ten recovery codes.
        waiting().until(ExpectedConditions.elementToBeClickable(By.id("twofa-enrol"))).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("twofa-secret")));
        String secret = driver.findElement(By.id("twofa-secret")).getText();
        assertThat(driver.findElement(By.id("twofa-uri")).getText()).startsWith("otpauth://totp/").contains("secret=" + secret);
        type("twofa-code", dev.portalkit.testing.TestTotpCodes.code(secret, Instant.now()));
        driver.findElement(By.id("twofa-confirm-submit")).click();
        noticeSays("Two-factor sign-in is on");
        List<WebElement> codes = driver.findElements(By.cssSelector("#recovery-codes li"));
        assertThat(codes).hasSize(10);
        String recovery = codes.get(0).getText();

        // Signed out, the password alone is not enough: a recovery code completes the sign-in.
        driver.findElement(By.id("logout")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "Not signed in"));
        type("login-email", email);
        type("login-password", password);
        driver.findElement(By.id("login-submit")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("login-code-input")));
        assertThat(driver.findElement(By.id("whoami")).getText()).as("after the password step alone").contains("Not signed in");
        type("login-code-input", recovery);
        driver.findElement(By.id("login-code-submit")).click();
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("whoami"), "Signed in as Sami Secure"));

        // The e-mail change: a link to the new address, a notice to the old one, the old address until confirmed.
        type("email-change-input", newEmail);
        driver.findElement(By.id("email-change-submit")).click();
        noticeSays("We sent a confirmation link");
        app.app.jobs().runOnce();
        assertThat(app.mail.sentTo(email)).extracting(OutgoingEmail::subject).contains("Your e-mail address is being changed");
        String text = app.mail.sentTo(newEmail).stream().map(OutgoingEmail::textBody).reduce("", String::concat);
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("/\\?confirm-email=([A-Za-z0-9_-]+)").matcher(text);
        assertThat(link.find()).as("the confirmation link in: " + text).isTrue();
        assertThat(portal.service(UserService.class).find(user.id()).orElseThrow().email()).isEqualTo(email);
        driver.get(app.url() + "?confirm-email=" + link.group(1));
        noticeSays("Your e-mail address is now " + newEmail);
        assertThat(portal.service(UserService.class).find(user.id()).orElseThrow().email()).isEqualTo(newEmail);

        // The booking's calendar file and the data export, fetched as the page's links fetch them.
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#bookings a.ics")));
        String ics = fetch(driver.findElement(By.cssSelector("#bookings a.ics")).getAttribute("href"));
        assertThat(ics).startsWith("BEGIN:VCALENDAR") // CRLF: billing's BookingCalendarIT; the driver hands back text with LF
               .contains("UID:" + booking.id() + "@portalkit", "SEQUENCE:0",
                "SUMMARY:Check-up", "END:VCALENDAR");
        String export = fetch(driver.findElement(By.id("export-link")).getAttribute("href"));
        assertThat(export).contains("\"userId\"", user.id().toString(), newEmail, "\"auth\"", "\"billing\"", "\"messaging\"")
                .doesNotContain(recovery, password);
    }

    /** What the browser's session gets at {@code url}, as text. */
    private String fetch(String url) {
        Object body = ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0], {credentials: 'same-origin'}).then(r => r.text()).then(done, e => done('ERROR ' + e));",
                url);
        return String.valueOf(body);
    }
}
