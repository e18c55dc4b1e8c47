package fr.sesame.directory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;

/**
 * Made-up staff for the demo and the benchmark: French names drawn with the skew of real ones (a
 * few very common surnames, a long tail), which gives realistic homonym rates, spread over
 * départements and schools. Deterministic for a given seed. Never used for real data.
 */
public final class SyntheticStaff {

  /** Frequent French surnames, most frequent first. */
  static final List<String> FAMILY_NAMES =
      List.of(
          "Martin",
          "Bernard",
          "Thomas",
          "Petit",
          "Robert",
          "Richard",
          "Durand",
          "Dubois",
          "Moreau",
          "Laurent",
          "Simon",
          "Michel",
          "Lefebvre",
          "Leroy",
          "Roux",
          "David",
          "Bertrand",
          "Morel",
          "Fournier",
          "Girard",
          "Bonnet",
          "Dupont",
          "Lambert",
          "Fontaine",
          "Rousseau",
          "Vincent",
          "Muller",
          "Lefèvre",
          "Faure",
          "André",
          "Mercier",
          "Blanc",
          "Guérin",
          "Boyer",
          "Garnier",
          "Chevalier",
          "François",
          "Legrand",
          "Gauthier",
          "Garcia",
          "Perrin",
          "Robin",
          "Clément",
          "Morin",
          "Nicolas",
          "Henry",
          "Roussel",
          "Mathieu",
          "Gautier",
          "Masson",
          "Marchand",
          "Duval",
          "Denis",
          "Dumont",
          "Marie",
          "Lemaire",
          "Noël",
          "Meyer",
          "Dufour",
          "Meunier",
          "Brun",
          "Blanchard",
          "Giraud",
          "Joly",
          "Rivière",
          "Lucas",
          "Brunet",
          "Gaillard",
          "Barbier",
          "Arnaud",
          "Martinez",
          "Gérard",
          "Roche",
          "Renard",
          "Schmitt",
          "Roy",
          "Leroux",
          "Colin",
          "Vidal",
          "Caron",
          "Picard",
          "Roger",
          "Fabre",
          "Aubert",
          "Lemoine",
          "Renaud",
          "Dumas",
          "Lacroix",
          "Olivier",
          "Philippe",
          "Bourgeois",
          "Pierre",
          "Benoît",
          "Rey",
          "Leclerc",
          "Payet",
          "Rolland",
          "Leclercq",
          "Guillaume",
          "Lecomte",
          "Lopez",
          "Jean",
          "Dupuy",
          "Guillot",
          "Hubert",
          "Berger",
          "Carpentier",
          "Sanchez",
          "Dupuis",
          "Moulin",
          "Louis",
          "Deschamps",
          "Huet",
          "Vasseur",
          "Perez",
          "Boucher",
          "Fleury",
          "Royer",
          "Klein",
          "Jacquet",
          "Adam",
          "Paris",
          "Poirier",
          "Marty",
          "Aubry",
          "Guyot",
          "Carré",
          "Charles",
          "Renault",
          "Charpentier",
          "Ménard",
          "Maillard",
          "Baron",
          "Bertin",
          "Bailly",
          "Hervé",
          "Schneider",
          "Fernandez",
          "Le Gall",
          "Collet",
          "Léger",
          "Bouvier",
          "Julien",
          "Prévost",
          "Millet",
          "Perrot",
          "Daniel",
          "Le Roux",
          "Cousin",
          "Germain",
          "Breton",
          "Besson",
          "Langlois",
          "Rémy",
          "Le Goff",
          "Pelletier",
          "Lévêque",
          "Perrier",
          "Leblanc",
          "Barré",
          "Lebrun",
          "Marchal",
          "Weber",
          "Mallet",
          "Hamon",
          "Boulanger",
          "Jacob",
          "Monnier",
          "Michaud",
          "Rodriguez",
          "Guichard",
          "Gillet",
          "Étienne",
          "Grondin",
          "Poulain",
          "Tessier",
          "Chevallier",
          "Collin",
          "Chauvin",
          "Da Silva",
          "Bouchet",
          "Gay",
          "Lemaître",
          "Bénard",
          "Maréchal",
          "Humbert",
          "Reynaud",
          "Antoine",
          "Hoarau",
          "Perret",
          "Barthélemy",
          "Cordier",
          "Pichon",
          "Lejeune",
          "Gilbert",
          "Lamy",
          "Delaunay",
          "Pasquier",
          "Carlier",
          "Laporte",
          "N'Diaye",
          "de La Fontaine",
          "Nguyễn",
          "Ó Briain",
          "Diallo",
          "Benali",
          "Ba",
          "Ly",
          "Traoré",
          "Haddad",
          "Kowalski",
          "D'Alembert",
          "Saint-Martin",
          "Le Bihan",
          "Mendès");

  static final List<String> FIRST_NAMES =
      List.of(
          "Marie",
          "Jean",
          "Pierre",
          "Nathalie",
          "Isabelle",
          "Sylvie",
          "Catherine",
          "Philippe",
          "Michel",
          "Christophe",
          "Stéphane",
          "Sandrine",
          "Valérie",
          "Nicolas",
          "Frédéric",
          "Céline",
          "Laurent",
          "Julien",
          "Sophie",
          "Anne",
          "Camille",
          "Thomas",
          "Aurélie",
          "Émilie",
          "David",
          "Sébastien",
          "Caroline",
          "Élodie",
          "Olivier",
          "Hélène",
          "Virginie",
          "Jérôme",
          "Guillaume",
          "Delphine",
          "Claire",
          "Mathieu",
          "Laure",
          "Anne-Sophie",
          "Jean-Pierre",
          "Marie-Christine",
          "Benoît",
          "Chloé",
          "Léa",
          "Manon",
          "Lucas",
          "Hugo",
          "Inès",
          "Yasmina",
          "Karim",
          "Fatou",
          "Mamadou",
          "Thi",
          "Gaëlle",
          "Loïc",
          "Maëlle",
          "Yann",
          "Solène",
          "Noémie",
          "Agnès",
          "François",
          "Véronique",
          "Patrick",
          "Bruno",
          "Françoise",
          "Martine",
          "Christine",
          "Alexandre",
          "Antoine",
          "Cécile",
          "Pauline");

  static final List<String> SCHOOL_KINDS =
      List.of("École élémentaire", "École maternelle", "Collège", "Lycée", "Lycée professionnel");

  private static final String HEADER =
      "numen;nom;prenom;date_naissance;categorie;departement;uai;etablissement\n";
  private static final String[] CATEGORIES = {"1D", "1D", "1D", "2D", "2D", "2D", "PRIVE", "ATSS"};

  private final Random random;
  private final List<String> departements;
  private final int schools;

  /**
   * @param seed the same seed gives the same people
   * @param departements codes to spread people over
   * @param schools how many schools (UAI) to spread them over
   */
  public SyntheticStaff(long seed, List<String> departements, int schools) {
    this.random = new Random(seed);
    this.departements = departements;
    this.schools = schools;
  }

  /** Writes {@code count} people as an HR extract. */
  public void write(Writer out, int count) throws IOException {
    write(out, count, 0);
  }

  /**
   * Writes {@code count} people; when {@code changeEvery} is above 0, every {@code changeEvery}-th
   * person has moved to another school. The same seed gives the same people otherwise, so this
   * makes the "changed rows" re-import of the benchmark.
   */
  public void write(Writer out, int count, int changeEvery) throws IOException {
    BufferedWriter writer = new BufferedWriter(out, 1 << 16);
    writer.write(HEADER);
    for (int i = 0; i < count; i++) {
      int variant = changeEvery > 0 && i % changeEvery == 0 ? 1 : 0;
      writer.write(line(numen(i), family(), first(), variant));
    }
    writer.flush();
  }

  /**
   * One person as a CSV line; {@code variant} changes the school when not 0, which is how the
   * benchmark makes "changed" rows.
   */
  public String line(String numen, String family, String first, int variant) {
    int school = Math.floorMod(numen.hashCode() + variant * 7919, schools);
    String departement = departements.get(school % departements.size());
    LocalDate birth = LocalDate.of(1960, 1, 1).plusDays(Math.floorMod(numen.hashCode(), 14_600));
    return numen
        + ";"
        + family
        + ";"
        + first
        + ";"
        + String.format(
            "%02d/%02d/%04d", birth.getDayOfMonth(), birth.getMonthValue(), birth.getYear())
        + ";"
        + CATEGORIES[Math.floorMod(numen.hashCode() >> 3, CATEGORIES.length)]
        + ";"
        + departement
        + ";"
        + uai(school)
        + ";"
        + SCHOOL_KINDS.get(school % SCHOOL_KINDS.size())
        + " n° "
        + school
        + "\n";
  }

  private static final String[] STARTS = {
    "Ber", "Mor", "Lan", "Gal", "Del", "Mar", "Char", "Bou", "Cas", "Fer", "Gui", "Hen", "Jou",
    "Lam", "Mau", "Pel", "Ros", "Sau", "Tes", "Vil", "Bra", "Cha", "Dar", "Esc", "Fou", "Gra",
    "Lab", "Mon", "Nav", "Pou", "Riv", "Sal", "Thi", "Val", "Ker", "Le Bor", "Cor", "Des", "Gir",
    "Roc"
  };
  private static final String[] MIDDLES = {
    "", "a", "an", "e", "el", "en", "er", "i", "il", "in", "o", "on", "ou", "ar", "al", "ig", "ev",
    "ul", "ab", "em"
  };
  private static final String[] ENDS = {
    "ard", "at", "aud", "ault", "eau", "el", "er", "et", "ier", "in", "ot", "oux", "ac", "an",
    "és", "ès", "ic", "ec", "y", "ey", "on", "and", "ens", "ais", "ière", "ette", "aguer", "ez"
  };

  /**
   * A surname: a third from the list of frequent ones (mildly skewed: Martin comes out at about 1
   * %), the rest from a long tail of made-up French-sounding names, one in twenty compound. Real
   * directories have about that shape, which gives realistic homonym rates.
   */
  public String family() {
    String name = random.nextInt(3) == 0 ? pick(FAMILY_NAMES) : tail();
    if (random.nextInt(20) == 0) {
      return name + "-" + (random.nextBoolean() ? pick(FAMILY_NAMES) : tail());
    }
    return name;
  }

  public String first() {
    return pick(FIRST_NAMES);
  }

  private String tail() {
    return STARTS[random.nextInt(STARTS.length)]
        + MIDDLES[random.nextInt(MIDDLES.length)]
        + ENDS[random.nextInt(ENDS.length)];
  }

  /** Rank k drawn with probability about 1 / (k + 10): a head of common names, a long tail. */
  private String pick(List<String> names) {
    double shift = 10;
    double u = random.nextDouble();
    int index = (int) (shift * Math.pow((names.size() + shift) / shift, u) - shift);
    return names.get(Math.min(Math.max(index, 0), names.size() - 1));
  }

  /** A NUMEN unique per index: académie 11, a system letter, year and serial from the index. */
  public static String numen(int index) {
    char system = "GEPA".charAt(index % 4);
    int year = 80 + (index / 4) % 20;
    int serial = index / 80;
    int letters = index % 17_576;
    return String.format(
        "11%c%02d%05d%c%c%c",
        system,
        year,
        serial % 100_000,
        (char) ('A' + letters / 676),
        (char) ('A' + (letters / 26) % 26),
        (char) ('A' + letters % 26));
  }

  private static String uai(int school) {
    return String.format("%07d%c", 300_000 + school, (char) ('A' + school % 23));
  }
}
