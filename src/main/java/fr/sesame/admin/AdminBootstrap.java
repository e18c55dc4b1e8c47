package fr.sesame.admin;

import fr.sesame.audit.AuditEvent;
import fr.sesame.audit.AuditService;
import fr.sesame.directory.AccountView;
import fr.sesame.directory.DirectoryService;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The first académie administrator: named by configuration ({@code sesame.admin.bootstrap-login})
 * or by the {@code grant-admin} command, and given the role only while the académie has none. There
 * is no default password: the person signs in with the password they chose at activation.
 */
@ApplicationScoped
public class AdminBootstrap {

  private static final Logger LOG = Logger.getLogger(AdminBootstrap.class);

  private final AdminConfig config;
  private final AdminRoles roles;
  private final DirectoryService directory;
  private final AuditService audit;

  AdminBootstrap(
      AdminConfig config, AdminRoles roles, DirectoryService directory, AuditService audit) {
    this.config = config;
    this.roles = roles;
    this.directory = directory;
    this.audit = audit;
  }

  /** After the demo data (priority 2500) has been loaded, in the dev run. */
  void onStart(@Observes @jakarta.annotation.Priority(5000) StartupEvent event) {
    config
        .bootstrapLogin()
        .filter(login -> !login.isBlank())
        .ifPresent(
            login -> {
              if (roles.academieAdministrators() > 0) {
                return;
              }
              if (grant(login, Role.ACADEMIE_ADMIN, null, "bootstrap").isEmpty()) {
                LOG.warnf(
                    "sesame.admin.bootstrap-login: nobody has the login %s; no administrator"
                        + " was made",
                    login.replaceAll("\\p{Cntrl}", "?"));
              }
            });
  }

  /**
   * Gives {@code role} to the person with this login or académie address (the command line's
   * grant-admin); empty when there is no such person.
   */
  public Optional<AccountView> grant(String login, Role role, String departement, String by) {
    Optional<AccountView> account = directory.accountByLogin(login);
    account.ifPresent(
        person -> {
          roles.grant(person.id(), role, departement, by);
          audit.record(
              new AuditEvent("ROLE_GRANTED", true, role.wire(), null, person.id(), null), null);
          LOG.infof("%s is now %s", person.login(), role.wire());
        });
    return account;
  }
}
