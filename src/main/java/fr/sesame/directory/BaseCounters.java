package fr.sesame.directory;

import java.util.Arrays;

/**
 * The homonym counters of one kind of identifier during an import: per login or address base, the
 * last number handed out and whether this import moved it on, in an open-addressing table.
 *
 * <p>A first load looks up two bases a row among a million of each kind. In a HashMap that was a
 * quarter of the Java side's time while it read the file, and the two cores it shares with
 * PostgreSQL were busy: a node and a boxed counter a base, and three dependent loads from memory a
 * lookup. Here a slot is one long (the base's hash, its state and its number), probed in place; the
 * base itself is compared only when the hash matches. The bases are kept as characters in one array
 * rather than as strings: a million strings referenced from an old array made the collector's write
 * barrier dirty a card at every new base, and its refinement threads spent 0.7 s of the two cores
 * during a first load's reading.
 */
final class BaseCounters {

  /** Read from the table, not moved on by this import. */
  static final int UNTOUCHED = 0;

  /** Read from the table (or reserved for this import) and moved on. */
  static final int TOUCHED = 1;

  /** Not in the table before this import. */
  static final int NEW = 2;

  private static final int STATE_SHIFT = 30;
  private static final long NUMBER_MASK = (1L << STATE_SHIFT) - 1;
  private static final long LOW = 0xFFFF_FFFFL;

  /** 0 for an empty slot, else the tag (the hash with its lowest bit set), state and number. */
  private long[] entries;

  /** Where each slot's base starts in {@link #characters}: its length, then its characters. */
  private int[] offsets;

  private char[] characters = new char[1 << 14];
  private int used;
  private int shift;
  private int size;
  private int touched;

  BaseCounters() {
    this(12);
  }

  private BaseCounters(int bits) {
    entries = new long[1 << bits];
    offsets = new int[1 << bits];
    shift = Integer.SIZE - bits;
  }

  /** The next number of a base: one more than its last, 1 for a base it was not told of. */
  int next(String base) {
    int slot = claim(base);
    long entry = entries[slot];
    int state = (int) ((entry & LOW) >>> STATE_SHIFT);
    long number = (entry & NUMBER_MASK) + 1;
    if (number > NUMBER_MASK) {
      throw new IllegalStateException("homonym number beyond " + NUMBER_MASK);
    }
    if (state == UNTOUCHED) {
      state = TOUCHED;
      touched++;
    }
    entries[slot] = (entry & ~LOW) | ((long) state << STATE_SHIFT) | number;
    return (int) number;
  }

  /** Sets the last number of a base, and its state: UNTOUCHED read, TOUCHED reserved. */
  void put(String base, int last, int state) {
    if (last < 0 || last > NUMBER_MASK) {
      throw new IllegalArgumentException("homonym number out of range: " + last);
    }
    int slot = claim(base);
    if (state == TOUCHED && state(slot) != TOUCHED) {
      touched++;
    }
    entries[slot] = (entries[slot] & ~LOW) | ((long) state << STATE_SHIFT) | last;
  }

  /** How many counters read from the table this import moved on, or reserved. */
  int touched() {
    return touched;
  }

  /** A base and its last number. */
  @FunctionalInterface
  interface Counter {
    void accept(String base, int last);
  }

  /** Every counter in {@code state}, in no particular order. */
  void forEach(int state, Counter counter) {
    for (int slot = 0; slot < entries.length; slot++) {
      if (entries[slot] != 0 && state(slot) == state) {
        int at = offsets[slot];
        counter.accept(
            new String(characters, at + 1, characters[at]), (int) (entries[slot] & NUMBER_MASK));
      }
    }
  }

  private int state(int slot) {
    return (int) ((entries[slot] & LOW) >>> STATE_SHIFT);
  }

  /** The slot of {@code base}, added as NEW with no number yet if it was not there. */
  private int claim(String base) {
    // Grows at two thirds full: linear probing then rarely leaves the slot's cache line.
    if (size >= entries.length / 3 * 2) {
      grow();
    }
    int tag = base.hashCode() | 1;
    long tagged = (long) tag << Integer.SIZE;
    int mask = entries.length - 1;
    int slot = slot(tag);
    while (entries[slot] != 0) {
      if ((entries[slot] & ~LOW) == tagged && holds(offsets[slot], base)) {
        return slot;
      }
      slot = (slot + 1) & mask;
    }
    entries[slot] = tagged | ((long) NEW << STATE_SHIFT);
    offsets[slot] = store(base);
    size++;
    return slot;
  }

  private int slot(int tag) {
    return (tag * 0x9E37_79B9) >>> shift;
  }

  private boolean holds(int at, String base) {
    int length = base.length();
    if (characters[at] != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (characters[at + 1 + i] != base.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private int store(String base) {
    int length = base.length();
    if (length > Character.MAX_VALUE) {
      throw new IllegalArgumentException("base too long: " + length);
    }
    if (used + 1 + length > characters.length) {
      long room = Math.max((long) characters.length * 2, (long) used + 1 + length);
      if (room > Integer.MAX_VALUE - 8) {
        throw new IllegalStateException("too many bases");
      }
      characters = Arrays.copyOf(characters, (int) room);
    }
    int at = used;
    characters[at] = (char) length;
    base.getChars(0, length, characters, at + 1);
    used += 1 + length;
    return at;
  }

  private void grow() {
    long[] oldEntries = entries;
    int[] oldOffsets = offsets;
    entries = new long[oldEntries.length * 2];
    offsets = new int[oldEntries.length * 2];
    shift--;
    int mask = entries.length - 1;
    for (int i = 0; i < oldEntries.length; i++) {
      if (oldEntries[i] != 0) {
        int slot = slot((int) (oldEntries[i] >>> Integer.SIZE));
        while (entries[slot] != 0) {
          slot = (slot + 1) & mask;
        }
        entries[slot] = oldEntries[i];
        offsets[slot] = oldOffsets[i];
      }
    }
  }
}
