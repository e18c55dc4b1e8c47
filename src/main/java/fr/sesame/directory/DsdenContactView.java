package fr.sesame.directory;

/** Who a person should call when self-service cannot help them: their DSDEN's staff service. */
public record DsdenContactView(
    String dsden, String service, String email, String phone, String hours) {}
