package fr.sesame.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IdentifiersTest {

  @ParameterizedTest(name = "{1} {0} → {2}, {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          Dupont              | Pierre           | pdupont              | pierre.dupont
          Le Gall             | Yann             | ylegall              | yann.legall
          N'Diaye             | Aminata          | andiaye              | aminata.ndiaye
          de La Fontaine      | Jean             | jdelafontaine        | jean.delafontaine
          Müller              | Jürgen           | jmuller              | jurgen.muller
          Martin              | Jean-Pierre      | jmartin              | jeanpierre.martin
          Ó Briain            | Dara             | dobriain             | dara.obriain
          Nguyễn              | Thị Minh Khai    | tnguyen              | thiminhkhai.nguyen
          Ba                  | Oumar            | oba                  | oumar.ba
          Ly                  | Éa               | ely                  | ea.ly
          Cœur                | Æsa              | acoeur               | aesa.coeur
          Straße              | Ørjan            | ostrasse             | orjan.strasse
          Łukasiewicz         | Đorđe            | dlukasiewicz         | dorde.lukasiewicz
          D'Alembert-Lévêque  | Anne-Sophie      | adalembertleveque    | annesophie.dalembertleveque
          SAINT-EXUPÉRY       | ANTOINE          | asaintexupery        | antoine.saintexupery
          """)
  void foldsHardFrenchNames(String family, String first, String login, String address) {
    assertThat(Identifiers.loginBase(family, first)).isEqualTo(login);
    assertThat(Identifiers.addressBase(family, first)).isEqualTo(address);
  }

  @Test
  void numbersHomonymsFromTwo() {
    assertThat(Identifiers.numbered("jdupont", 1)).isEqualTo("jdupont");
    assertThat(Identifiers.numbered("jdupont", 2)).isEqualTo("jdupont2");
    assertThat(Identifiers.address("pierre.dupont", 2, "ac-montpellier.fr"))
        .isEqualTo("pierre.dupont2@ac-montpellier.fr");
  }

  @Test
  void cutsVeryLongNamesToBoundedIdentifiers() {
    String family = "Wolfeschlegelsteinhausenbergerdorff-Montmorency-Laval";
    String first = "Marie-Geneviève-Thérèse-Bernadette";
    String login = Identifiers.loginBase(family, first);
    String address = Identifiers.addressBase(family, first);
    assertThat(login).hasSize(Identifiers.LOGIN_BASE_MAX).startsWith("mwolfeschlegel");
    assertThat(address).hasSizeLessThanOrEqualTo(Identifiers.ADDRESS_BASE_MAX).contains(".");
    assertThat(Identifiers.address(address, 99_999, "ac-montpellier.fr").split("@")[0])
        .hasSizeLessThanOrEqualTo(64);
    assertThat(address.substring(address.indexOf('.') + 1)).startsWith("wolfeschlegel");
  }

  @Test
  void refusesNamesWithoutLatinLetters() {
    assertThatThrownBy(() -> Identifiers.loginBase("王", "小明"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Identifiers.addressBase("Dupont", "--"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void foldsFullWidthLettersToAscii() {
    assertThat(NameFolding.fold("Ｄｕｐｏｎｔ")).isEqualTo("dupont");
  }

  @Test
  void theFoldingTableGivesWhatDecompositionGives() {
    // Mixed strings, since a table per character is only right if folding is per character.
    java.util.Random random = new java.util.Random(7);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder name = new StringBuilder();
      for (int i = random.nextInt(12); i >= 0; i--) {
        name.append((char) random.nextInt(0x250));
      }
      String value = name.toString();
      assertThat(NameFolding.fold(value))
          .as("U+%04X…", (int) value.charAt(0))
          .isEqualTo(NameFolding.foldByDecomposition(value));
    }
    assertThat(NameFolding.fold("ŉǄĳæ¼µ")).isEqualTo("ndzijae");
  }

  @Test
  void hasLetterSaysWhetherTheFoldedNameIsEmpty() {
    for (String name : new String[] {"Dupont", "--", "'", "王", "王a", "1234", "¼", "ǅ", "Ｄ", "é"}) {
      assertThat(NameFolding.hasLetter(name)).as(name).isEqualTo(!NameFolding.fold(name).isEmpty());
    }
  }

  @Test
  void searchKeysPutOneSpaceBetweenTheTwoNames() {
    assertThat(Identifiers.sortKey("de La Fontaine", "Jean")).isEqualTo("delafontaine jean");
    assertThat(Identifiers.firstKey("de La Fontaine", "Jean")).isEqualTo("jean delafontaine");
  }

  @Test
  void searchPrefixesTryEverySplitBetweenTheTwoNames() {
    assertThat(Identifiers.namePrefixes("  De la Fontaine  J "))
        .containsExactly("delafontainej", "de lafontainej", "dela fontainej", "delafontaine j");
    assertThat(Identifiers.namePrefixes("Élodie")).containsExactly("elodie");
    assertThat(Identifiers.namePrefixes("--")).isEmpty();
  }
}
