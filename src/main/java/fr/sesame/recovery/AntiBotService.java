package fr.sesame.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.altcha.altcha.Altcha;

/**
 * The anti-bot check: an ALTCHA proof of work, self-hosted. The page's script finds the number
 * whose SHA-256 with the challenge's salt gives the challenge, which costs a browser about a second
 * and a bot farm real money, and asks nothing of the person (no image, no puzzle: a screen-reader
 * user passes it without help). Challenges are HMAC-signed, expire, and are accepted once. Without
 * a solution (no JavaScript) a request is still served, under a stricter per-address limit.
 */
@ApplicationScoped
public class AntiBotService {

  private final ServerSecrets secrets;
  private final RateLimits limits;
  private final RecoveryConfig.AntiBot config;
  private final ObjectMapper json;
  private final Clock clock;

  AntiBotService(
      ServerSecrets secrets,
      RateLimits limits,
      RecoveryConfig config,
      ObjectMapper json,
      Clock clock) {
    this.secrets = secrets;
    this.limits = limits;
    this.config = config.antiBot();
    this.json = json;
    this.clock = clock;
  }

  /** A new challenge, as the ALTCHA widget expects it. */
  public ChallengeView challenge() {
    try {
      Altcha.ChallengeOptions options =
          new Altcha.ChallengeOptions()
              .setHmacKey(key())
              .setMaxNumber(config.maxNumber())
              .setExpires(clock.instant().plus(config.lifetime()).getEpochSecond());
      Altcha.Challenge challenge = Altcha.createChallenge(options);
      return new ChallengeView(
          challenge.algorithm,
          challenge.challenge,
          challenge.maxnumber,
          challenge.salt,
          challenge.signature);
    } catch (Exception e) {
      throw new IllegalStateException("challenge not created", e);
    }
  }

  /** True for a valid, unexpired solution never used before (it is used now). */
  boolean solved(String payload) {
    if (payload == null || payload.isBlank() || payload.length() > 2_000) {
      return false;
    }
    try {
      JsonNode solution =
          json.readTree(
              new String(Base64.getDecoder().decode(payload.strip()), StandardCharsets.UTF_8));
      if (!solution.isObject()
          || !solution.path("salt").isTextual()
          || !fresh(solution.path("salt").asText())) {
        return false;
      }
      if (!Altcha.verifySolution(payload.strip(), key(), false)) {
        return false;
      }
      return limits.allow(
          List.of(
              new RateLimits.Limit(
                  "altcha:" + solution.path("challenge").asText(), 1, config.lifetime())));
    } catch (Exception e) {
      return false;
    }
  }

  /** The library checks expiry against the system clock; ours is the injected one. */
  private boolean fresh(String salt) {
    int at = salt.indexOf("expires=");
    if (at < 0) {
      return false;
    }
    String digits = salt.substring(at + 8).replaceAll("[^0-9].*$", "");
    return !digits.isEmpty()
        && digits.length() < 12
        && Long.parseLong(digits) > clock.instant().getEpochSecond();
  }

  private String key() {
    return HexFormat.of().formatHex(secrets.get("altcha"));
  }

  /** An ALTCHA challenge. */
  public record ChallengeView(
      String algorithm, String challenge, Long maxnumber, String salt, String signature) {}
}
