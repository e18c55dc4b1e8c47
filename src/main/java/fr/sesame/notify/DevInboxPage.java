package fr.sesame.notify;

import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The dev run's outbox page: every e-mail and SMS the courier sent, codes included, so that a
 * developer walks through the flows without an SMTP server or an SMS account. Not built into the
 * production jar.
 */
@Path("/dev/messages")
@IfBuildProfile(anyOf = {"dev", "test"})
public class DevInboxPage {

  private final DevInbox inbox;
  private final Template page;

  DevInboxPage(DevInbox inbox, @Location("notify/dev-messages.html") Template page) {
    this.inbox = inbox;
    this.page = page;
  }

  @GET
  @Produces(MediaType.TEXT_HTML)
  public TemplateInstance page() {
    return page.data("messages", inbox.latest());
  }

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public List<DevInbox.Entry> json() {
    return inbox.latest();
  }
}
