package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BaseCountersTest {

  @Test
  void numbersAnUnknownBaseFromOne() {
    BaseCounters counters = new BaseCounters();
    assertThat(counters.next("jdupont")).isEqualTo(1);
    assertThat(counters.next("jdupont")).isEqualTo(2);
    assertThat(counters.next("pdupont")).isEqualTo(1);
    assertThat(counters.next("jdupont")).isEqualTo(3);
    assertThat(counters.touched()).isZero();
  }

  @Test
  void continuesAfterTheLastNumberReadAndCountsTheCountersItMoved() {
    BaseCounters counters = new BaseCounters();
    counters.put("jdupont", 4, BaseCounters.UNTOUCHED);
    counters.put("pdupont", 1, BaseCounters.UNTOUCHED);
    assertThat(counters.touched()).isZero();
    assertThat(counters.next("jdupont")).isEqualTo(5);
    assertThat(counters.next("jdupont")).isEqualTo(6);
    assertThat(counters.touched()).as("moved once, counted once").isEqualTo(1);
    counters.put("amartin", 7, BaseCounters.TOUCHED);
    assertThat(counters.next("amartin")).isEqualTo(8);
    assertThat(counters.touched()).isEqualTo(2);
  }

  @Test
  void listsTheCountersOfEachState() {
    BaseCounters counters = new BaseCounters();
    counters.put("jdupont", 4, BaseCounters.UNTOUCHED);
    counters.put("pdupont", 1, BaseCounters.UNTOUCHED);
    counters.next("jdupont");
    counters.next("amartin");
    counters.next("amartin");
    assertThat(listed(counters, BaseCounters.UNTOUCHED)).containsExactly(Map.entry("pdupont", 1));
    assertThat(listed(counters, BaseCounters.TOUCHED)).containsExactly(Map.entry("jdupont", 5));
    assertThat(listed(counters, BaseCounters.NEW)).containsExactly(Map.entry("amartin", 2));
  }

  @Test
  void keepsEveryBaseApartThroughGrowthAndEqualHashes() {
    // "Aa" and "BB" have the same String hash, and so does every same-length mix of the two.
    assertThat("AaAa".hashCode()).isEqualTo("BBBB".hashCode());
    BaseCounters counters = new BaseCounters();
    Map<String, Integer> expected = new HashMap<>();
    Random random = new Random(11);
    String[] pieces = {"Aa", "BB"};
    for (int i = 0; i < 300_000; i++) {
      String base;
      if (i % 3 == 0) {
        StringBuilder colliding = new StringBuilder();
        for (int j = 0; j < 5; j++) {
          colliding.append(pieces[random.nextInt(2)]);
        }
        base = colliding.toString();
      } else {
        base = "b" + random.nextInt(150_000);
      }
      int number = counters.next(base);
      assertThat(number).isEqualTo(expected.merge(base, 1, Integer::sum));
    }
    assertThat(listed(counters, BaseCounters.NEW)).isEqualTo(expected);
  }

  @Test
  void givesBackEachBaseExactlyAsItWasGiven() {
    BaseCounters counters = new BaseCounters();
    String[] bases = {"a", "jean.dupont", "łódź", "x".repeat(5_000), "jean.dupon", "jean.dupontt"};
    for (String base : bases) {
      counters.next(base);
    }
    counters.next("jean.dupont");
    Map<String, Integer> listed = listed(counters, BaseCounters.NEW);
    assertThat(listed).hasSize(bases.length).containsEntry("jean.dupont", 2);
    for (String base : bases) {
      assertThat(listed).containsKey(base);
    }
  }

  @Test
  void refusesANumberItCannotHold() {
    BaseCounters counters = new BaseCounters();
    assertThatThrownBy(() -> counters.put("jdupont", 1 << 30, BaseCounters.UNTOUCHED))
        .isInstanceOf(IllegalArgumentException.class);
    counters.put("jdupont", (1 << 30) - 1, BaseCounters.UNTOUCHED);
    assertThatThrownBy(() -> counters.next("jdupont")).isInstanceOf(IllegalStateException.class);
  }

  private static Map<String, Integer> listed(BaseCounters counters, int state) {
    Map<String, Integer> listed = new HashMap<>();
    counters.forEach(state, (base, last) -> assertThat(listed.put(base, last)).isNull());
    return listed;
  }
}
