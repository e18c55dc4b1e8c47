package fr.sesame.credentials;

import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator.Block;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator.BlockPool;

/**
 * The memory of one hashing slot: every block that a hash at today's cost takes (the memory itself
 * and the generator's working blocks), allocated once and kept for the life of the service. One
 * hash at a time uses it, and {@link #reclaim()} takes every block back when the hash ends.
 *
 * <p>Blocks go back on a stack: the blocks the generator wiped last, still in the processor's
 * cache, are the first the next hash writes. (Argon2 walks its memory block after block; a hash
 * starting with the blocks wiped first would find none of them in cache.)
 *
 * <p>Why not Bouncy Castle's {@code FixedBlockPool}, which also stacks them: it is sized for the
 * memory only, so each hash allocates its four working blocks anew and drops four memory blocks on
 * the way back; within a few minutes under load the slot's memory has been replaced by blocks born
 * among the requests' garbage. And its every allocation and return takes a lock, some 39,000 a
 * hash.
 *
 * <p>{@link #forSlots} allocates the slots' memory and then asks for one full collection, which
 * moves every block to the old generation at start, where young collections never move them again;
 * otherwise the young collections of the first logins would copy tens of megabytes of live blocks,
 * twice, in their pauses. (Where the blocks land does not matter: blocks moved by young collections
 * during the allocation, out of their allocation order, hashed as fast in interleaved runs, 67–72
 * hashes/s both ways on two cores.)
 */
public final class SlotMemory implements BlockPool {

  /** Blocks Bouncy Castle's generator takes besides the memory: its working blocks. */
  static final int WORKING_BLOCKS = 4;

  private final Block[] owned;
  private final Block[] stack;
  private int stacked;
  private boolean borrowed;

  /** Memory for one hash of {@code memoryKib} KiB (one block is 1 KiB). */
  public SlotMemory(int memoryKib) {
    if (memoryKib < 1) {
      throw new IllegalArgumentException("memory of at least 1 KiB");
    }
    owned = new Block[memoryKib + WORKING_BLOCKS];
    for (int i = 0; i < owned.length; i++) {
      owned[i] = new Block();
    }
    stack = owned.clone();
    stacked = stack.length;
  }

  /**
   * Memory for {@code slots} hashes of {@code memoryKib} KiB each, moved once by a full collection
   * to where young collections leave it (see above). Call it at start, not under load: the
   * collection stops the service for as long as it takes (tens of milliseconds).
   */
  public static List<SlotMemory> forSlots(int slots, int memoryKib) {
    List<SlotMemory> memories = new ArrayList<>(slots);
    for (int i = 0; i < slots; i++) {
      memories.add(new SlotMemory(memoryKib));
    }
    System.gc();
    return memories;
  }

  /** How many blocks this memory holds. */
  public int blocks() {
    return owned.length;
  }

  /**
   * The block on top of the stack, or a new one when a hash takes more than this memory holds (a
   * stored hash of an older, bigger cost): those are dropped when the hash ends.
   */
  @Override
  public Block allocate() {
    if (stacked > 0) {
      return stack[--stacked];
    }
    borrowed = true;
    return new Block();
  }

  /** Puts a block back on the stack (the generator wipes each block before it hands it back). */
  @Override
  public void deallocate(Block block) {
    if (!borrowed && stacked < stack.length) {
      stack[stacked++] = block;
    }
  }

  /**
   * Makes the memory whole for the next hash: call it when a hash ended, however it ended. After a
   * hash that failed halfway (its blocks did not all come back, wiped) or one that borrowed blocks
   * (which of the returned ones were this memory's is not tracked), every block of this memory is
   * wiped and the stack rebuilt from them, the borrowed ones dropped. After any other hash, nothing
   * to do: every block came back.
   */
  public void reclaim() {
    if (borrowed || stacked != stack.length) {
      for (Block block : owned) {
        block.clear();
      }
      System.arraycopy(owned, 0, stack, 0, owned.length);
      stacked = stack.length;
      borrowed = false;
    }
  }
}
