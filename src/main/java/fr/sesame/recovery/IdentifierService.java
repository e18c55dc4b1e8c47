package fr.sesame.recovery;

import fr.sesame.directory.AccountView;
import fr.sesame.directory.DirectoryService;
import fr.sesame.notify.Notification;
import fr.sesame.notify.NotificationService;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Forgotten identifier: NUMEN + birth date, and the login goes to the verified recovery channels.
 * One answer, whatever happened: whether the person exists, is active or has a channel is never
 * said; sending goes through the outbox.
 */
@ApplicationScoped
public class IdentifierService {

  private final FlowService flows;
  private final ContactService contacts;
  private final DirectoryService directory;
  private final NotificationService notifications;
  private final AntiBotService antiBot;
  private final Clock clock;

  IdentifierService(
      FlowService flows,
      ContactService contacts,
      DirectoryService directory,
      NotificationService notifications,
      AntiBotService antiBot,
      Clock clock) {
    this.flows = flows;
    this.contacts = contacts;
    this.directory = directory;
    this.notifications = notifications;
    this.antiBot = antiBot;
    this.clock = clock;
  }

  public void remind(String numen, String birthDate, String antiBotSolution, String address) {
    KnowledgeFactor factor = KnowledgeFactor.parse(numen, birthDate, LocalDate.now(clock));
    boolean solved = antiBot.solved(antiBotSolution);
    flows.limitIdentification(address, solved, List.of(flows.perNumen(factor.numen().value())));
    directory
        .accountByNumen(factor.numen(), factor.birthDate())
        .filter(AccountView::active)
        .ifPresent(
            account -> {
              List<Notification> messages =
                  contacts
                      .tellEverywhere(
                          account,
                          "identifier",
                          Map.of("login", account.login(), "address", account.address()))
                      .stream()
                      // The académie mailbox is what the person cannot open without the login.
                      .filter(message -> !message.recipient().equals(account.address()))
                      .toList();
              if (!messages.isEmpty()) {
                QuarkusTransaction.requiringNew().run(() -> messages.forEach(notifications::send));
              }
            });
  }
}
