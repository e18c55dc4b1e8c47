package fr.sesame.platform;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * Refuses a JSON body that names a field twice. Parsers disagree on which of the two counts (the
 * first, the last, an error), so a body that a proxy or a client library reads one way could be
 * read the other way here; and the records the API binds cannot take a second value at all, which
 * Jackson reports as a definition error, a 500. With this, such a body is malformed JSON: 400.
 */
@Singleton
public class StrictJson implements ObjectMapperCustomizer {

  @Override
  public void customize(ObjectMapper mapper) {
    mapper.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION.mappedFeature());
  }
}
