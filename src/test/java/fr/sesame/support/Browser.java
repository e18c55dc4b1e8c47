package fr.sesame.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's chromium, headless, at phone width, driven through chromedriver: no download, no
 * network. Each page it is asked to check is captured under {@code target/screenshots} and run
 * through axe-core; the violations of every page are written to {@code
 * target/accessibility/report.json}.
 */
public final class Browser implements AutoCloseable {

  public static final int PHONE_WIDTH = 360;
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  private static final Path SHOTS = Path.of("target", "screenshots");
  private static final Path REPORT = Path.of("target", "accessibility", "report.json");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ArrayNode PAGES = JSON.createArrayNode();

  private final ChromeDriver driver;
  private final String base;
  private final Path profile;

  private Browser(ChromeDriver driver, String base, Path profile) {
    this.driver = driver;
    this.base = base;
    this.profile = profile;
  }

  /** A browser on {@code base}; the test is skipped, saying why, when none is installed. */
  public static Browser open(String base) {
    Assumptions.assumeTrue(
        Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
        "Browser tests skipped: no /usr/bin/chromium and /usr/bin/chromedriver"
            + " (apt-get install chromium chromium-driver; .ci/run does it)");
    try {
      Path profile = Files.createTempDirectory("sesame-chromium");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toString());
      // Headless chromium asks for English whatever --lang says; staff browsers ask for French.
      options.setExperimentalOption("prefs", java.util.Map.of("intl.accept_languages", "fr-FR,fr"));
      options.addArguments(
          "--headless=new",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-dev-shm-usage",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--lang=fr-FR",
          "--window-size=" + PHONE_WIDTH + ",800",
          "--user-data-dir=" + profile);
      ChromeDriverService service =
          new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build();
      ChromeDriver driver = new ChromeDriver(service, options);
      driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
      // --window-size is floored at 500 px by headless chromium; the WebDriver call is not.
      driver.manage().window().setSize(new Dimension(PHONE_WIDTH, 800));
      return new Browser(driver, base.replaceAll("/$", ""), profile);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public ChromeDriver driver() {
    return driver;
  }

  /** Forgets cookies: a new visitor. */
  public void newVisitor() {
    driver.manage().deleteAllCookies();
  }

  public void go(String path) {
    driver.get(base + path);
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public void type(String css, String text) {
    WebElement field = find(css);
    field.clear();
    field.sendKeys(text);
  }

  /** Clicks and waits for the next page (or the same page again) to be loaded. */
  public void submit(String css) {
    WebElement button = find(css);
    button.click();
    // The old page is gone once its button is: chromedriver reports that either as a stale
    // element or, mid-navigation, as an inspector error about a node of another document.
    new WebDriverWait(driver, Duration.ofSeconds(60))
        .until(
            d -> {
              try {
                button.isEnabled();
                return false;
              } catch (org.openqa.selenium.WebDriverException gone) {
                return true;
              }
            });
    waitFor("main");
  }

  public void waitFor(String css) {
    WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(60));
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    wait.until(
        d ->
            "complete"
                .equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
  }

  public String text() {
    return find("main").getText();
  }

  public String activeElementClass() {
    Object value =
        ((JavascriptExecutor) driver)
            .executeScript("return document.activeElement && document.activeElement.className");
    return value == null ? "" : value.toString();
  }

  /**
   * Captures the page at phone width (its whole height) as {@code name}.png and checks it with
   * axe-core; returns the serious and critical violations (the tests want none).
   */
  public List<String> check(String name) {
    waitFor("main");
    JavascriptExecutor js = driver;
    long width =
        ((Number) js.executeScript("return document.documentElement.scrollWidth")).longValue();
    long height =
        ((Number) js.executeScript("return document.documentElement.scrollHeight")).longValue();
    try {
      Files.createDirectories(SHOTS);
      driver
          .manage()
          .window()
          .setSize(new Dimension(PHONE_WIDTH, (int) Math.min(height + 100, 4000)));
      Path shot = driver.getScreenshotAs(OutputType.FILE).toPath();
      Files.copy(shot, SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
      driver.manage().window().setSize(new Dimension(PHONE_WIDTH, 800));
      js.executeScript(axe());
      Object result =
          js.executeAsyncScript(
              "var done = arguments[arguments.length - 1];"
                  + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa',"
                  + " 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']}})"
                  + ".then(function (r) { done(JSON.stringify(r.violations.map(function (v) {"
                  + " return {id: v.id, impact: v.impact, help: v.help,"
                  + " targets: v.nodes.map(function (n) { return n.target.join(' '); })}; }))); })"
                  + ".catch(function (e) { done('[{\"id\":\"axe-error\",\"impact\":\"critical\","
                  + "\"help\":\"' + e + '\"}]'); });");
      JsonNode violations = JSON.readTree(result.toString());
      ObjectNode page = JSON.createObjectNode();
      page.put("page", name);
      page.put("url", driver.getCurrentUrl());
      page.put("scrollWidthAtPhoneWidth", width);
      page.set("violations", violations);
      record(page);
      List<String> blocking = new ArrayList<>();
      for (JsonNode violation : violations) {
        String impact = violation.path("impact").asText();
        if ("serious".equals(impact) || "critical".equals(impact)) {
          blocking.add(
              violation.path("id").asText()
                  + " ("
                  + impact
                  + "): "
                  + violation.path("help").asText()
                  + " "
                  + violation.path("targets"));
        }
      }
      if (width > PHONE_WIDTH) {
        Object wide =
            js.executeScript(
                "return Array.from(document.querySelectorAll('body, body *')).filter(function (e) {"
                    + " return e.getBoundingClientRect().right > "
                    + PHONE_WIDTH
                    + " || e.scrollWidth > e.clientWidth + 1; })"
                    + ".map(function (e) { return e.tagName + '.' + e.className + '#' + e.id"
                    + " + ':' + Math.round(e.getBoundingClientRect().right) + '/' + e.scrollWidth; })"
                    + ".slice(0, 8).join(', ');");
        blocking.add("horizontal scroll at " + PHONE_WIDTH + " px: " + width + " px wide: " + wide);
      }
      return blocking;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static synchronized void record(ObjectNode page) throws IOException {
    PAGES.add(page);
    Files.createDirectories(REPORT.getParent());
    JSON.writerWithDefaultPrettyPrinter().writeValue(REPORT.toFile(), PAGES);
  }

  private static String axe() {
    try (InputStream script = Browser.class.getClassLoader().getResourceAsStream("axe.min.js")) {
      if (script == null) {
        throw new IllegalStateException("axe.min.js not on the test classpath");
      }
      return new String(script.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A temporary directory; the system cleans it up.
    }
  }
}
