package fr.sesame.directory;

/** Why one row, or one create request, cannot be taken: a stable code and a French reason. */
final class RowRejected extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private final String code;
  private final String field;

  RowRejected(String field, String code, String reason) {
    super(reason, null, false, false);
    this.field = field;
    this.code = code;
  }

  String code() {
    return code;
  }

  String field() {
    return field;
  }

  String reason() {
    return getMessage();
  }
}
