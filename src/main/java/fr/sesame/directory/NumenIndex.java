package fr.sesame.directory;

import java.util.Arrays;
import java.util.BitSet;
import java.util.function.LongConsumer;

/**
 * The NUMENs of an import: the first line at which each appeared in the file, to reject later
 * duplicates, and, for a re-import, the digest of the HR fields the directory holds for each person
 * (see {@link #withDirectory}), so that an unchanged row is recognised without a round trip to
 * PostgreSQL. A NUMEN packs into a long (100 × 26 × 10⁷ × 26³ < 2⁶³), so a million entries take a
 * few tens of megabytes in this open-addressing table instead of hundreds in a HashMap of strings.
 */
final class NumenIndex {

  private static final long EMPTY = -1L;
  private static final int NOT_IN_FILE = 0;
  private long[] keys;
  private int[] lines;

  /** The directory's digest per slot, when {@link #inDirectory} says the slot has one. */
  private long[] digests;

  private BitSet inDirectory;
  private int size;

  NumenIndex() {
    this(1 << 12, false);
  }

  private NumenIndex(int capacity, boolean withDigests) {
    keys = new long[capacity];
    lines = new int[capacity];
    Arrays.fill(keys, EMPTY);
    if (withDigests) {
      digests = new long[capacity];
      inDirectory = new BitSet(capacity);
    }
  }

  /** An index that will also hold the directory's people, about {@code expected} of them. */
  static NumenIndex withDirectory(int expected) {
    // Room for everyone and for a tenth more newcomers before the table grows.
    long room = Math.max(1 << 12, (expected + expected / 10L) * 4 / 3);
    int capacity = (int) Math.min(1 << 30, Long.highestOneBit(room * 2 - 1));
    return new NumenIndex(capacity, true);
  }

  static long pack(Numen numen) {
    return pack(numen.value());
  }

  /**
   * The NUMEN packed into a long, or -1 when {@code value} is not in its alphabet (a stored value
   * that was never parsed, which must not take a valid NUMEN's place).
   */
  static long pack(CharSequence value) {
    if (value.length() != Numen.LENGTH) {
      return EMPTY;
    }
    long packed = 0;
    for (int i = 0; i < Numen.LENGTH; i++) {
      char c = value.charAt(i);
      boolean letter = i == 2 || i >= 10;
      int digit = letter ? c - 'A' : c - '0';
      int radix = letter ? 26 : 10;
      if (digit < 0 || digit >= radix) {
        return EMPTY;
      }
      packed = packed * radix + digit;
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

  /**
   * Records a person of the directory and the digest of their HR fields; returns false, recording
   * nothing, for a stored value that is not a NUMEN.
   */
  boolean putDirectory(String numen, long digest) {
    long key = pack(numen);
    if (key == EMPTY) {
      return false;
    }
    int slot = claim(key);
    digests[slot] = digest;
    inDirectory.set(slot);
    return true;
  }

  /** Records the line of a NUMEN; returns the earlier line if it was already there, else 0. */
  int putIfAbsent(Numen numen, int line) {
    int slot = claim(pack(numen));
    int earlier = lines[slot];
    if (earlier == NOT_IN_FILE) {
      lines[slot] = line;
    }
    return earlier;
  }

  /**
   * What a row with these HR fields does to the directory: UNCHANGED when it holds this person with
   * exactly these fields, UPDATED when with others, CREATED when it does not hold them.
   */
  ImportReport.Outcome compare(Numen numen, long digest) {
    int slot = inDirectory == null ? -1 : find(pack(numen));
    if (slot < 0 || !inDirectory.get(slot)) {
      return ImportReport.Outcome.CREATED;
    }
    return digests[slot] == digest ? ImportReport.Outcome.UNCHANGED : ImportReport.Outcome.UPDATED;
  }

  /** The packed NUMENs of the directory's people that no line of the file named. */
  void forEachAbsent(LongConsumer absent) {
    if (inDirectory == null) {
      return;
    }
    for (int slot = inDirectory.nextSetBit(0); slot >= 0; slot = inDirectory.nextSetBit(slot + 1)) {
      if (lines[slot] == NOT_IN_FILE) {
        absent.accept(keys[slot]);
      }
    }
  }

  /** The slot of {@code key}, added if it was not there yet. */
  private int claim(long key) {
    // Grows at three quarters full: linear probing still takes a few steps there.
    if (size >= keys.length / 4 * 3) {
      grow();
    }
    int slot = slot(key, keys.length);
    while (keys[slot] != EMPTY) {
      if (keys[slot] == key) {
        return slot;
      }
      slot = (slot + 1) & (keys.length - 1);
    }
    keys[slot] = key;
    size++;
    return slot;
  }

  private int find(long key) {
    int slot = slot(key, keys.length);
    while (keys[slot] != EMPTY) {
      if (keys[slot] == key) {
        return slot;
      }
      slot = (slot + 1) & (keys.length - 1);
    }
    return -1;
  }

  private static int slot(long key, int capacity) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & (capacity - 1);
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldLines = lines;
    long[] oldDigests = digests;
    BitSet oldInDirectory = inDirectory;
    keys = new long[oldKeys.length * 2];
    lines = new int[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    if (oldDigests != null) {
      digests = new long[keys.length];
      inDirectory = new BitSet(keys.length);
    }
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        int slot = slot(oldKeys[i], keys.length);
        while (keys[slot] != EMPTY) {
          slot = (slot + 1) & (keys.length - 1);
        }
        keys[slot] = oldKeys[i];
        lines[slot] = oldLines[i];
        if (oldDigests != null && oldInDirectory.get(i)) {
          digests[slot] = oldDigests[i];
          inDirectory.set(slot);
        }
      }
    }
  }
}
