package fr.sesame.directory;

import java.util.List;

/** One page of search results; {@code next} is the cursor of the following page, if any. */
public record StaffSearchResult(List<StaffView> items, String next) {}
