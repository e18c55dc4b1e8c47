package fr.sesame.credentials;

import static org.assertj.core.api.Assertions.assertThat;

import fr.sesame.support.Argon2Hashes;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator.Block;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator.BlockPool;
import org.junit.jupiter.api.Test;

class SlotMemoryTest {

  private static final byte[] SALT = "sel-de-Camargue!".getBytes(StandardCharsets.UTF_8);

  /** Records the blocks a hash takes, in order. */
  private static final class Recording implements BlockPool {
    private final SlotMemory memory;
    private final List<Block> taken = new ArrayList<>();

    Recording(SlotMemory memory) {
      this.memory = memory;
    }

    @Override
    public Block allocate() {
      Block block = memory.allocate();
      taken.add(block);
      return block;
    }

    @Override
    public void deallocate(Block block) {
      memory.deallocate(block);
    }
  }

  private static List<Block> blocksOfOneHash(SlotMemory memory, int memoryKib, String password) {
    Recording recording = new Recording(memory);
    Argon2Hashes.phc(password, SALT, memoryKib, 2, recording);
    memory.reclaim();
    return recording.taken;
  }

  @Test
  void holdsTheMemoryAndTheWorkingBlocksOfOneHash() {
    List<SlotMemory> memories = SlotMemory.forSlots(3, 64);

    assertThat(memories).hasSize(3).allSatisfy(memory -> assertThat(memory.blocks()).isEqualTo(68));
    List<Block> taken = blocksOfOneHash(memories.get(0), 64, "Garrigue-Soleil-2026");
    assertThat(taken).hasSize(68);
    assertThat(identities(taken)).hasSize(68);
  }

  @Test
  void everyHashTakesThisMemorysOwnBlocks() {
    SlotMemory memory = new SlotMemory(64);
    var own = identities(blocksOfOneHash(memory, 64, "Garrigue-Soleil-2026"));

    for (String password : List.of("autre mot de passe", "Garrigue", "Soleil")) {
      assertThat(identities(blocksOfOneHash(memory, 64, password))).isEqualTo(own);
    }
  }

  @Test
  void theNextHashStartsWithTheBlocksWipedLast() {
    SlotMemory memory = new SlotMemory(64);

    List<Block> first = blocksOfOneHash(memory, 64, "Garrigue-Soleil-2026");
    List<Block> second = blocksOfOneHash(memory, 64, "autre mot de passe");

    // The generator takes its 64 memory blocks first and hands them back in order, wiped.
    List<Block> reversed = new ArrayList<>(first.subList(0, 64));
    Collections.reverse(reversed);
    for (int i = 0; i < 64; i++) {
      assertThat(second.get(i)).isSameAs(reversed.get(i));
    }
  }

  @Test
  void reusedMemoryGivesTheHashesOfFreshMemory() {
    SlotMemory memory = new SlotMemory(64);

    for (String password : List.of("Garrigue-Soleil-2026", "autre mot de passe", "Garrigue")) {
      String reused = Argon2Hashes.phc(password, SALT, 64, 2, memory);
      memory.reclaim();
      assertThat(reused).isEqualTo(Argon2Hashes.phc(password, SALT, 64, 2));
    }
  }

  @Test
  void aBiggerOldHashBorrowsBlocksThenTheNextHashHasItsOwnAgain() {
    SlotMemory memory = new SlotMemory(64);
    var own = identities(blocksOfOneHash(memory, 64, "Garrigue-Soleil-2026"));

    String bigger = Argon2Hashes.phc("Garrigue-Soleil-2026", SALT, 128, 2, memory);
    memory.reclaim();

    assertThat(bigger).isEqualTo(Argon2Hashes.phc("Garrigue-Soleil-2026", SALT, 128, 2));
    assertThat(identities(blocksOfOneHash(memory, 64, "Garrigue-Soleil-2026"))).isEqualTo(own);
  }

  @Test
  void blocksOfAHashThatEndedHalfwayAreWipedWhenTakenBack() throws Exception {
    SlotMemory memory = new SlotMemory(8);
    Field words = Block.class.getDeclaredField("v");
    words.setAccessible(true);
    List<Block> taken = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      Block block = memory.allocate();
      ((long[]) words.get(block))[5] = 0x5E5A4EL;
      taken.add(block);
    }

    memory.reclaim();

    for (Block block : taken) {
      assertThat((long[]) words.get(block)).containsOnly(0L);
    }
    assertThat(identities(blocksOfOneHash(memory, 8, "Garrigue"))).containsAll(identities(taken));
  }

  private static Set<Block> identities(List<Block> blocks) {
    Set<Block> set = Collections.newSetFromMap(new IdentityHashMap<>());
    set.addAll(blocks);
    return set;
  }
}
