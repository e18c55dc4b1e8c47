package fr.sesame.directory;

import java.util.Arrays;

/**
 * The first line at which each NUMEN of an import appeared, to reject later duplicates. A NUMEN
 * packs into a long (100 × 26 × 10⁷ × 26³ < 2⁶³), so a million entries take a few megabytes in this
 * open-addressing table instead of a hundred in a HashMap of strings.
 */
final class NumenIndex {

  private static final long EMPTY = -1L;
  private long[] keys;
  private int[] lines;
  private int size;

  NumenIndex() {
    keys = new long[1 << 12];
    lines = new int[1 << 12];
    Arrays.fill(keys, EMPTY);
  }

  static long pack(Numen numen) {
    String v = numen.value();
    long packed = (v.charAt(0) - '0') * 10L + (v.charAt(1) - '0');
    packed = packed * 26 + (v.charAt(2) - 'A');
    for (int i = 3; i < 10; i++) {
      packed = packed * 10 + (v.charAt(i) - '0');
    }
    for (int i = 10; i < 13; i++) {
      packed = packed * 26 + (v.charAt(i) - 'A');
    }
    return packed;
  }

  static String unpack(long packed) {
    char[] chars = new char[Numen.LENGTH];
    for (int i = 12; i >= 10; i--) {
      chars[i] = (char) ('A' + packed % 26);
      packed /= 26;
    }
    for (int i = 9; i >= 3; i--) {
      chars[i] = (char) ('0' + packed % 10);
      packed /= 10;
    }
    chars[2] = (char) ('A' + packed % 26);
    packed /= 26;
    chars[1] = (char) ('0' + packed % 10);
    chars[0] = (char) ('0' + packed / 10);
    return new String(chars);
  }

  /** Records the line of a NUMEN; returns the earlier line if it was already there, else 0. */
  int putIfAbsent(Numen numen, int line) {
    if (size * 2 >= keys.length) {
      grow();
    }
    long key = pack(numen);
    int slot = slot(key, keys.length);
    while (keys[slot] != EMPTY) {
      if (keys[slot] == key) {
        return lines[slot];
      }
      slot = (slot + 1) & (keys.length - 1);
    }
    keys[slot] = key;
    lines[slot] = line;
    size++;
    return 0;
  }

  private static int slot(long key, int capacity) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & (capacity - 1);
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldLines = lines;
    keys = new long[oldKeys.length * 2];
    lines = new int[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int slot = slot(oldKeys[i], keys.length);
        while (keys[slot] != EMPTY) {
          slot = (slot + 1) & (keys.length - 1);
        }
        keys[slot] = oldKeys[i];
        lines[slot] = oldLines[i];
      }
    }
  }
}
