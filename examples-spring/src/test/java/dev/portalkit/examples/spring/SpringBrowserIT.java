package dev.portalkit.examples.spring;

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
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A person's path through the page, served by the Spring example, in a real browser: sign up, log in,
 * book a slot, send the contact form. Uses Debian's {@code chromium} and {@code chromium-driver} (CI
 * installs them with {@code .ci/install-browser}); without them the test is skipped with the reason
 * printed, so the test command still passes on a bare machine, unless
 * {@code PORTALKIT_REQUIRE_BROWSER=true} (CI), which turns a missing browser into a failure. The same
 * mechanism as the plain example's BrowserIT. The clock is the real one: the page books the first
 * free slot from now.
 */
@ExtendWith(ExampleDatabase.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "example.admin-password=admin password for tests",
        "portalkit.auth.bcrypt-cost=4",
        "portalkit.jobs.enabled=false"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class SpringBrowserIT {

    static final Path CHROMIUM = Path.of(System.getProperty("portalkit.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("portalkit.chromedriver", "/usr/bin/chromedriver"));

    static WebDriver driver;
    static ChromeDriverService service;
    static Path profile;
    static String skipReason;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        ExampleDatabase.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    UserService users;
    @Autowired
    BookingService bookings;
    @Autowired
    FormService forms;

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
            skipReason = "SpringBrowserIT skipped: no " + missing + "; .ci/install-browser installs both";
            System.out.println(skipReason);
            return;
        }
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
            if (profile != null) {
                try (Stream<Path> files = Files.walk(profile)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    String url() {
        return "http://localhost:" + port + "/";
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
        driver.get(url());
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
        // The only cookie is PortalKit's session token: no servlet session (JSESSIONID).
        assertThat(driver.manage().getCookies()).singleElement()
                .satisfies(c -> {
                    assertThat(c.getName()).isEqualTo("pk_session");
                    assertThat(c.isHttpOnly()).isTrue();
                    assertThat(c.getSameSite()).isEqualTo("Strict");
                });

        waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector("#slots button.slot")));
        WebElement slot = driver.findElement(By.cssSelector("#slots button.slot"));
        Instant start = Instant.parse(slot.getAttribute("data-start"));
        slot.click();
        noticeSays("Booked");
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("bookings"), "Consultation"));

        User user = users.findByEmail(email).orElseThrow();
        List<Booking> booked = bookings.forCustomer(user.id(), start.minusSeconds(1), start.plusSeconds(3600),
                PageRequest.first(10)).items();
        assertThat(booked).singleElement().satisfies(b -> assertThat(b.startsAt()).isEqualTo(start));

        type("contact-name", "Paula Page");
        type("contact-email", email);
        type("contact-message", "Is parking available?");
        driver.findElement(By.id("contact-submit")).click();
        noticeSays("we received your message");
        assertThat(forms.list(SubmissionQuery.all(), PageRequest.first(10)).items())
                .singleElement().satisfies(s -> assertThat(s.userId()).isEqualTo(user.id()));
    }

    @Test
    void badInputOnThePageShowsTheFieldErrors() {
        driver.get(url());
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#tiers li")));
        type("signup-email", "short-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com");
        type("signup-name", "Sam");
        type("signup-password", "too short");
        driver.findElement(By.id("signup-submit")).click();
        noticeSays("password");
        assertThat(driver.findElement(By.id("notice")).getAttribute("class")).isEqualTo("error");
    }
}
