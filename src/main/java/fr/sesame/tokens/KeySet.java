package fr.sesame.tokens;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The keys known at one moment and the rules of their life: which key signs, which are published,
 * which may verify. Pure, so the rotation rules are tested without a database or a clock.
 */
final class KeySet {

  private final List<SigningKey> keys;
  private final Duration stillValid;

  /**
   * @param stillValid how long after a key stopped signing its tokens may still be presented: the
   *     access-token lifetime plus clock skew
   */
  KeySet(List<SigningKey> keys, Duration stillValid) {
    this.keys =
        keys.stream()
            .sorted(
                Comparator.comparing(SigningKey::algorithm).thenComparing(SigningKey::signsFrom))
            .toList();
    this.stillValid = stillValid;
  }

  /** The newest unrevoked key of the algorithm that already signs. */
  Optional<SigningKey> signer(String algorithm, Instant now) {
    SigningKey signer = null;
    for (SigningKey key : keys) {
      if (key.algorithm().equals(algorithm) && !key.revoked() && !key.signsFrom().isAfter(now)) {
        signer = key;
      }
    }
    return Optional.ofNullable(signer);
  }

  /**
   * The key that signs on a replica whose clock may lag the one that made the keys: the signer, or,
   * when none signs yet, the first unrevoked key due within {@code skew}. A key made at once (the
   * first start, an emergency rotation) signs from the maker's clock; a replica a few milliseconds
   * behind it would otherwise have no key to sign with until its clock got there. A next key
   * published ahead never signs early: the current one still signs then.
   */
  Optional<SigningKey> signer(String algorithm, Instant now, Duration skew) {
    Optional<SigningKey> signer = signer(algorithm, now);
    if (signer.isPresent()) {
      return signer;
    }
    Instant due = now.plus(skew);
    return keys.stream()
        .filter(key -> key.algorithm().equals(algorithm) && !key.revoked())
        .filter(key -> !key.signsFrom().isAfter(due))
        .findFirst();
  }

  /**
   * Keys in the JWKS: the unrevoked ones that sign now, will sign (published ahead), or signed
   * tokens that may not have expired yet.
   */
  List<SigningKey> published(Instant now) {
    List<SigningKey> published = new ArrayList<>();
    Map<String, Optional<SigningKey>> signers =
        keys.stream()
            .map(SigningKey::algorithm)
            .distinct()
            .collect(Collectors.toMap(Function.identity(), algorithm -> signer(algorithm, now)));
    for (SigningKey key : keys) {
      if (key.revoked()) {
        continue;
      }
      Optional<SigningKey> signer = signers.get(key.algorithm());
      boolean upcomingOrCurrent =
          signer.isEmpty() || !key.signsFrom().isBefore(signer.get().signsFrom());
      if (upcomingOrCurrent || stoppedSigning(key, now).plus(stillValid).isAfter(now)) {
        published.add(key);
      }
    }
    return published;
  }

  /** A published key by id: the only keys a token may be verified with. */
  Optional<SigningKey> verifier(String kid, Instant now) {
    return published(now).stream().filter(key -> key.kid().equals(kid)).findFirst();
  }

  /** When a key was replaced: the signs_from of the next unrevoked key of its algorithm. */
  private Instant stoppedSigning(SigningKey key, Instant now) {
    for (SigningKey next : keys) {
      if (next.algorithm().equals(key.algorithm())
          && !next.revoked()
          && next.signsFrom().isAfter(key.signsFrom())
          && !next.signsFrom().isAfter(now)) {
        return next.signsFrom();
      }
    }
    return now;
  }

  /** The newest unrevoked key of the algorithm (signing or upcoming), for the rotation schedule. */
  Optional<SigningKey> newest(String algorithm) {
    SigningKey newest = null;
    for (SigningKey key : keys) {
      if (key.algorithm().equals(algorithm) && !key.revoked()) {
        newest = key;
      }
    }
    return Optional.ofNullable(newest);
  }
}
