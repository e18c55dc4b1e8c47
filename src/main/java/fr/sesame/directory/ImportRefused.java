package fr.sesame.directory;

import fr.sesame.platform.ProblemException;

/** The whole file cannot be imported; nothing was changed. The message says why, in French. */
public final class ImportRefused extends ProblemException {

  private static final long serialVersionUID = 1L;

  ImportRefused(String code, String detail) {
    super(422, code, "Import refusé", detail);
  }
}
